// Control flow and boolean operators: `if` / `?:`, `and`, `or`, `!`, `!!`.
import { indexPath } from '../json/json-path.js';
import { describeValue } from '../json/describe-value.js';
import type { OperatorSite } from './compile-context.js';
import { constantNode, operationNode, sourceLabel, type CompiledNode, type Expr } from './expression.js';
import { truthy } from './truthy.js';

/**
 * `if: [cond1, then1, cond2, then2, ..., else]`: the first truthy condition's branch; the last
 * odd argument is the else; no else means null (flagd: the default variant applies).
 */
export function compileIf(site: OperatorSite): CompiledNode {
  const n = site.args.length;
  if (n === 0) return constantNode(null);
  if (n === 1) return site.arg(0, site.position);
  const pairs = Math.floor(n / 2);
  const conditions: CompiledNode[] = [];
  const branches: CompiledNode[] = [];
  for (let i = 0; i < pairs; i++) {
    conditions.push(site.arg(2 * i, 'value'));
    branches.push(site.arg(2 * i + 1, site.position));
  }
  const otherwise = n % 2 === 1 ? site.arg(n - 1, site.position) : undefined;
  const conditionRuns = conditions.map((c) => c.run);
  const branchRuns = branches.map((b) => b.run);
  const otherwiseRun = otherwise?.run;
  const path = site.path;
  let cost = 1 + (otherwise?.cost ?? 0);
  for (let i = 0; i < pairs; i++) cost += (conditions[i] as CompiledNode).cost + (branches[i] as CompiledNode).cost;

  if (pairs === 1) return operationNode(singleIf(conditions[0] as CompiledNode, branches[0] as CompiledNode, otherwise, path, n), cost, sourceLabel(site.source));
  const run: Expr = (data, env, trace) => {
    for (let i = 0; i < conditionRuns.length; i++) {
      const test = (conditionRuns[i] as Expr)(data, env, trace);
      if (truthy(test)) {
        if (trace !== undefined) {
          trace.push({ path: indexPath(path, 2 * i), message: `if: condition ${i + 1} is true (${describeValue(test)}), taking ${indexPath(path, 2 * i + 1)}` });
        }
        return (branchRuns[i] as Expr)(data, env, trace);
      }
      if (trace !== undefined) {
        trace.push({ path: indexPath(path, 2 * i), message: `if: condition ${i + 1} is false (${describeValue(test)})` });
      }
    }
    if (otherwiseRun === undefined) {
      if (trace !== undefined) trace.push({ path, message: 'if: no condition matched and there is no else: null' });
      return null;
    }
    if (trace !== undefined) trace.push({ path: indexPath(path, n - 1), message: 'if: no condition matched, taking the else branch' });
    return otherwiseRun(data, env, trace);
  };
  return operationNode(run, cost, sourceLabel(site.source));
}

/** `if: [condition, then, else?]`, the most common shape, without the loop over arrays. */
function singleIf(condition: CompiledNode, branch: CompiledNode, otherwise: CompiledNode | undefined, path: string, n: number): Expr {
  const test = condition.run;
  const then = branch.run;
  const otherwiseRun = otherwise?.run;
  const conditionPath = indexPath(path, 0);
  const thenPath = indexPath(path, 1);
  const elsePath = indexPath(path, n - 1);
  return (data, env, trace) => {
    const value = test(data, env, trace);
    if (truthy(value)) {
      if (trace !== undefined) trace.push({ path: conditionPath, message: `if: condition 1 is true (${describeValue(value)}), taking ${thenPath}` });
      return then(data, env, trace);
    }
    if (trace !== undefined) trace.push({ path: conditionPath, message: `if: condition 1 is false (${describeValue(value)})` });
    if (otherwiseRun === undefined) {
      if (trace !== undefined) trace.push({ path, message: 'if: no condition matched and there is no else: null' });
      return null;
    }
    if (trace !== undefined) trace.push({ path: elsePath, message: 'if: no condition matched, taking the else branch' });
    return otherwiseRun(data, env, trace);
  };
}

/** `and`: the first falsy value, or the last value (short-circuits). */
export function compileAnd(site: OperatorSite): CompiledNode {
  return compileShortCircuit(site, false);
}

/** `or`: the first truthy value, or the last value (short-circuits). */
export function compileOr(site: OperatorSite): CompiledNode {
  return compileShortCircuit(site, true);
}

function compileShortCircuit(site: OperatorSite, stopWhen: boolean): CompiledNode {
  const items = site.args.map((_, i) => site.arg(i));
  if (items.length === 0) return constantNode(null);
  const runs = items.map((i) => i.run);
  const path = site.path;
  const op = site.op;
  const run: Expr = (data, env, trace) => {
    let value: unknown = null;
    for (let i = 0; i < runs.length; i++) {
      value = (runs[i] as Expr)(data, env, trace);
      if (truthy(value) === stopWhen) {
        if (trace !== undefined) trace.push({ path: indexPath(path, i), message: `${op}: argument ${i + 1} is ${stopWhen ? 'truthy' : 'falsy'} (${describeValue(value)}), stopping` });
        return value;
      }
    }
    if (trace !== undefined) trace.push({ path, message: `${op}: ${stopWhen ? 'no argument is truthy' : 'every argument is truthy'} → ${describeValue(value)}` });
    return value;
  };
  return operationNode(run, 1 + items.reduce((s, i) => s + i.cost, 0), sourceLabel(site.source));
}

/** `!`: logical not (JSONLogic truthiness: an empty array is false). */
export function compileNot(site: OperatorSite): CompiledNode {
  const a = site.arg(0);
  const inner = a.run;
  return operationNode((d, e, t) => !truthy(inner(d, e, t)), 1 + a.cost, sourceLabel(site.source));
}

/** `!!`: cast to boolean (JSONLogic truthiness). */
export function compileNotNot(site: OperatorSite): CompiledNode {
  const a = site.arg(0);
  const inner = a.run;
  return operationNode((d, e, t) => truthy(inner(d, e, t)), 1 + a.cost, sourceLabel(site.source));
}
