// Wraps a compiled rule as CompiledTargeting: maps what the rule returns to a variant name,
// null (default variant) or a failure, exactly once per evaluation, and never throws.
import { describeValue, kindOf } from '../json/describe-value.js';
import { RuleError, type CompiledNode } from '../logic/expression.js';
import { resetWorkBudget, restoreWorkBudget } from '../logic/work-budget.js';
import { ErrorCode, TargetingFailure, type CompiledTargeting } from '../types.js';

/**
 * flagd semantics: a string is a variant name; null/undefined mean "no match" (the default
 * variant); booleans and numbers are stringified as flagd-core does (`true` → variant "true");
 * anything else, or a failing rule, is an ERROR with GENERAL.
 */
export function toTargeting(root: CompiledNode, flagKey: string, maxArrayWork: number): CompiledTargeting {
  const run = root.run;
  return (context, env, trace) => {
    let out: unknown;
    const enclosing = resetWorkBudget(maxArrayWork);
    try {
      out = run(context, env, trace);
    } catch (error) {
      const message =
        error instanceof RuleError
          ? `targeting of flag ${JSON.stringify(flagKey)} failed at ${error.path}: ${error.message}`
          : `targeting of flag ${JSON.stringify(flagKey)} failed: ${error instanceof Error ? error.message : String(error)}`;
      return new TargetingFailure(ErrorCode.GENERAL, message);
    } finally {
      restoreWorkBudget(enclosing);
    }
    if (typeof out === 'string') return out;
    if (out === null || out === undefined) return null;
    if (out === true) return 'true';
    if (out === false) return 'false';
    if (typeof out === 'number') return String(out);
    return new TargetingFailure(
      ErrorCode.GENERAL,
      `targeting of flag ${JSON.stringify(flagKey)} returned ${kindOf(out)} ${describeValue(out)}, not a variant name`,
    );
  };
}

/** Targeting of a flag whose rule could not be compiled (flagd mode): always PARSE_ERROR. */
export function parseErrorTargeting(flagKey: string, firstProblem: string): CompiledTargeting {
  const failure = new TargetingFailure(ErrorCode.PARSE_ERROR, `invalid targeting for flag ${JSON.stringify(flagKey)}: ${firstProblem}`);
  return () => failure;
}
