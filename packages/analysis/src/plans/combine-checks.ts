import type { CheckResult, Verdict } from './outcome.js';

/** How thresholds combine: `any` (GO if one passes) or `all` (GO only if every one passes). */
export type Combine = 'any' | 'all';

/**
 * Combines threshold results in Kleene's three-valued logic, so missing evidence never turns into
 * a GO:  any -> GO if some pass, NO_GO if all fail, else INCONCLUSIVE;
 *        all -> NO_GO if some fail, GO if all pass, else INCONCLUSIVE.
 * No thresholds at all is INCONCLUSIVE (a plan that tests nothing decides nothing).
 */
export function combineChecks(results: readonly CheckResult[], combine: Combine): Verdict {
  if (results.length === 0) return 'INCONCLUSIVE';
  if (combine === 'any') {
    if (results.includes('pass')) return 'GO';
    return results.every((r) => r === 'fail') ? 'NO_GO' : 'INCONCLUSIVE';
  }
  if (results.includes('fail')) return 'NO_GO';
  return results.every((r) => r === 'pass') ? 'GO' : 'INCONCLUSIVE';
}

/**
 * Applies guardrails to a verdict: a breached guardrail makes it NO_GO whatever the thresholds
 * say; a guardrail the data cannot settle blocks a GO (INCONCLUSIVE) but not a NO_GO.
 */
export function applyGuardrails(verdict: Verdict, guardrails: readonly CheckResult[]): Verdict {
  if (guardrails.includes('fail')) return 'NO_GO';
  if (verdict === 'GO' && guardrails.includes('unknown')) return 'INCONCLUSIVE';
  return verdict;
}
