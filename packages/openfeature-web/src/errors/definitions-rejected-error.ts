import type { DefinitionIssue } from '@rollgate/core';
import { RollgateWebError } from './rollgate-web-error.js';

/** Where a definitions document came from, named in every message about it. */
export type DefinitionsSource = 'bootstrap' | 'cache' | 'url';

/**
 * A definitions document (bootstrap, cache or URL) failed to parse or validate. Reported through
 * `onError`; the last good definitions keep serving.
 */
export class DefinitionsRejectedError extends RollgateWebError {
  constructor(
    readonly source: DefinitionsSource,
    readonly where: string,
    readonly issues: readonly DefinitionIssue[],
  ) {
    super('DEFINITIONS_REJECTED', `${source} definitions (${where}) rejected: ${describeIssues(issues)}`);
  }
}

function describeIssues(issues: readonly DefinitionIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${issue.path}: ${issue.message}`);
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : '';
  return shown.join('; ') + more;
}
