// How definition problems are shown: one per line, JSON path first, so each is easy to find.
import type { DefinitionIssue } from '@rollgate/core';

export function formatIssue(issue: DefinitionIssue): string {
  const flag = issue.flagKey !== undefined ? ` (flag "${issue.flagKey}")` : '';
  return `${issue.path}${flag}: ${issue.message}`;
}

export function formatIssues(issues: readonly DefinitionIssue[], indent = '  '): string {
  return issues.map((issue) => `${indent}${formatIssue(issue)}`).join('\n');
}
