import { AnalysisError } from '../errors/analysis-error.js';
import { formatPlanIssue, type PlanIssue } from './plan-issue.js';

/**
 * A plan file that cannot be used: unreadable, not YAML/JSON, or failing validation. Carries
 * every issue found (not just the first), each with file:line:column. The CLI maps it to exit 2.
 */
export class PlanError extends AnalysisError {
  readonly issues: readonly PlanIssue[];
  constructor(issues: readonly PlanIssue[]) {
    super('INVALID_PLAN', issues.map(formatPlanIssue).join('\n'));
    this.name = 'PlanError';
    this.issues = issues;
  }
}
