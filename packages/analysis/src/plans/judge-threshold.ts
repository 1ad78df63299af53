import type { CheckResult } from './outcome.js';

export type ComparisonOp = '>=' | '>' | '<=' | '<';

export function compare(a: number, op: ComparisonOp, b: number): boolean {
  return op === '>=' ? a >= b : op === '>' ? a > b : op === '<=' ? a <= b : a < b;
}

/**
 * Judges `observed op target`. With evidence 'point' the estimate decides. With 'interval' the
 * whole interval must clear the target to pass; an interval wholly on the wrong side fails; an
 * interval straddling the target is unknown (the data cannot yet say).
 */
export function judgeThreshold(
  observed: { estimate: number; lower: number; upper: number },
  op: ComparisonOp,
  target: number,
  evidence: 'point' | 'interval',
): CheckResult {
  if (evidence === 'point') return compare(observed.estimate, op, target) ? 'pass' : 'fail';
  const wantHigh = op === '>=' || op === '>';
  const conservative = wantHigh ? observed.lower : observed.upper;
  const optimistic = wantHigh ? observed.upper : observed.lower;
  if (compare(conservative, op, target)) return 'pass';
  if (!compare(optimistic, op, target)) return 'fail';
  return 'unknown';
}
