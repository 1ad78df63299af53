// A per-evaluation budget for work that grows with the context's data (array elements visited,
// elements copied by `merge`), so no input can make one evaluation run for long: a `reduce` that
// re-merges its accumulator is quadratic in the array's length, for instance.
//
// Module state is safe: evaluation is synchronous, and every targeting call resets the budget
// before it runs (a nested evaluation, a prerequisite, only spends from it).
import { RuleError } from './expression.js';

let remaining = 0;

/** Called once at the start of each targeting evaluation. */
export function resetWorkBudget(limit: number): void {
  remaining = limit;
}

/** Spend `units`; throws a RuleError (the flag resolves to ERROR / GENERAL) when exhausted. */
export function spendWork(units: number, path: string): void {
  remaining -= units;
  if (remaining < 0) throw new RuleError('the rule visited too many array elements for one evaluation (limit: maxArrayWork)', path);
}
