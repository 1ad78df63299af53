// A per-evaluation budget for work that grows with the context's data (array elements visited,
// elements copied by `merge`), so no input can make one evaluation run for long: a `reduce` that
// re-merges its accumulator is quadratic in the array's length, for instance.
//
// Module state is safe: evaluation is synchronous; a flagd targeting call starts its own budget
// and restores the enclosing one when it returns (so a nested evaluation, e.g. a prerequisite,
// neither drains nor resets its caller's). Outside any budget (rules run by other code), work is
// unlimited.
import { RuleError } from './expression.js';

let remaining = Infinity;

/** Start a budget of `limit` units; returns the enclosing budget, to hand back to `restoreWorkBudget`. */
export function resetWorkBudget(limit: number): number {
  const enclosing = remaining;
  remaining = limit;
  return enclosing;
}

export function restoreWorkBudget(enclosing: number): void {
  remaining = enclosing;
}

/** Spend `units`; throws a RuleError (the flag resolves to ERROR / GENERAL) when exhausted. */
export function spendWork(units: number, path: string): void {
  remaining -= units;
  if (remaining < 0) throw new RuleError('the rule visited too many array elements for one evaluation (limit: maxArrayWork)', path);
}
