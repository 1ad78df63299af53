// The rollout's admin predicate, compiled once: an attribute test, or a JSONLogic rule.
import { describeValue } from '../json/describe-value.js';
import { childPath } from '../json/json-path.js';
import type { CompileContext } from '../logic/compile-context.js';
import { compileExpression } from '../logic/compile-expression.js';
import { truthy } from '../logic/truthy.js';
import type { DefinitionIssue, EvaluationContext, Result, RuleEnv, TraceStep } from '../types.js';
import { readAttribute, splitAttribute } from './read-attribute.js';
import type { AdminPredicate } from './rollout-spec.js';

/** The most operations one evaluation of an admin rule may run (as for targeting). */
const MAX_ADMIN_RULE_COST = 100_000;

export interface CompiledAdmin {
  /** True for an admin. Never throws: a rule that fails counts as "not an admin". */
  test(context: EvaluationContext, env: RuleEnv, trace: TraceStep[] | undefined): boolean;
  /** The predicate in words: `isAdmin == true`. */
  readonly text: string;
  /** What the context holds, for traces: `isAdmin = undefined`. */
  observed(context: EvaluationContext): string;
}

const NOBODY: CompiledAdmin = { test: () => false, text: 'none defined, nobody is an admin', observed: () => '' };

/** `path` is the JSON path of the `admin` key. `null` compiles to "nobody is an admin". */
export function compileAdminPredicate(admin: AdminPredicate | null, path: string, flagKey: string): Result<CompiledAdmin, DefinitionIssue[]> {
  if (admin === null) return { ok: true, value: NOBODY };
  if ('rule' in admin) {
    const issues: DefinitionIssue[] = [];
    const ctx: CompileContext = {
      flagKey,
      variants: undefined,
      fail: (at, message) => issues.push({ path: at, flagKey, message }),
      lint: (at, message) => issues.push({ path: at, flagKey, message }),
      resolveRef: (name, at, _position) => {
        issues.push({ path: at, flagKey, message: `$ref "${name}" is not available in a rollout admin rule; write the rule inline` });
        return undefined;
      },
    };
    const rulePath = childPath(path, 'rule');
    const node = compileExpression(ctx, admin.rule, rulePath, 'value');
    if (node.cost > MAX_ADMIN_RULE_COST) issues.push({ path: rulePath, flagKey, message: `admin rule is too large (${node.cost} operations per evaluation, limit ${MAX_ADMIN_RULE_COST})` });
    if (issues.length > 0) return { ok: false, error: issues };
    const run = node.run;
    return {
      ok: true,
      value: {
        test: (context, env, trace) => {
          try {
            return truthy(run(context, env, trace));
          } catch {
            return false; // e.g. arithmetic on an object: not provably an admin
          }
        },
        text: `JSONLogic ${describeValue(admin.rule)}`,
        observed: () => 'the rule',
      },
    };
  }
  const attribute = splitAttribute(admin.attribute);
  const observed = (context: EvaluationContext): string => `${admin.attribute} = ${describeValue(readAttribute(context, attribute))}`;
  if ('in' in admin) {
    const values = new Set<unknown>(admin.in);
    return { ok: true, value: { test: (context) => values.has(readAttribute(context, attribute)), text: `${admin.attribute} in ${describeValue(admin.in)}`, observed } };
  }
  const equals = admin.equals;
  return {
    ok: true,
    value: {
      // `undefined` (a missing attribute) never equals a JSON value, `null` included.
      test: (context) => {
        const v = readAttribute(context, attribute);
        return v !== undefined && v === equals;
      },
      text: `${admin.attribute} == ${describeValue(equals)}`,
      observed,
    },
  };
}
