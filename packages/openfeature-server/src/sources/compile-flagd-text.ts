import { compileFlagdWithRollout, parseJson, type CompiledDocument, type DefinitionIssue, type Result } from '@rollgate/core';

/** The default `compile` of the file and http sources: a flagd-format JSON document (with `rollout` / `requires`). */
export function compileFlagdText(text: string): Result<CompiledDocument, DefinitionIssue[]> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  return compileFlagdWithRollout(parsed.value);
}
