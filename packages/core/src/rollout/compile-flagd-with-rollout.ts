// The flagd compiler with every Rollgate extension turned on: what Node-side callers (CLI, server
// provider, previews, edits) use, so none of them can forget the rollout extension. Browser code
// imports `compileFlagd` and opts in explicitly, keeping its bundle small.
import { compileFlagd } from '../flagd/compile-flagd.js';
import type { CompileFlagdOptions } from '../flagd/compile-options.js';
import type { CompiledDocument, DefinitionIssue, Result } from '../types.js';
import { rolloutExtension } from './rollout-extension.js';

/**
 * `compileFlagd` with the rollout extension (`rollout`, `requires`) always on. Other options pass
 * through; extensions given in `options.extensions` are added after it.
 *
 * @example
 * const compiled = compileFlagdWithRollout(JSON.parse(text));
 * if (!compiled.ok) for (const issue of compiled.error) console.error(issue.path, issue.message);
 */
export function compileFlagdWithRollout(document: unknown, options?: CompileFlagdOptions): Result<CompiledDocument, DefinitionIssue[]> {
  return compileFlagd(document, { ...options, extensions: [rolloutExtension, ...(options?.extensions ?? [])] });
}
