// The `compile` of the posthog-local source: PostHog local-evaluation JSON -> a compiled document.
import { parseJson, type CompiledDocument, type DefinitionIssue, type Result } from '@rollgate/core';
import { compilePosthog } from '@rollgate/core/posthog';

export function compilePosthogText(text: string): Result<CompiledDocument, DefinitionIssue[]> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  return compilePosthog(parsed.value);
}
