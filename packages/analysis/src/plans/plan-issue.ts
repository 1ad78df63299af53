/** One problem found in a plan file, located so an editor can jump to it. */
export interface PlanIssue {
  /** The file the plan came from, or '<plan>' for text given without a name. */
  readonly file: string;
  /** 1-based line and column of the offending key or value (of the file start when unknown). */
  readonly line: number;
  readonly column: number;
  /** Where in the document, e.g. `decision.thresholds[1].op`. */
  readonly path: string;
  readonly message: string;
}

/** `plans/gate.yaml:12:7: decision.thresholds[1].op: must be one of >=, >, <=, <` */
export function formatPlanIssue(issue: PlanIssue): string {
  const where = issue.path === '' ? '' : `${issue.path}: `;
  return `${issue.file}:${issue.line}:${issue.column}: ${where}${issue.message}`;
}

/** Renders a path array as `a.b[2].c`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}
