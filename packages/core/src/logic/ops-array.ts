// Arrays: `merge`, `missing`, `missing_some`, and the iterating `map` `filter` `reduce` `all`
// `some` `none` (inside their body, `var` reads the current element; in `reduce`, `current` and
// `accumulator`). Iteration is bounded by the array the context supplies: a rule cannot loop.
import { describeValue } from '../json/describe-value.js';
import type { OperatorSite } from './compile-context.js';
import { operationNode, RuleError, sourceLabel, type CompiledNode, type Expr } from './expression.js';
import { truthy } from './truthy.js';
import { spendWork } from './work-budget.js';

/** `merge`: flatten one level into a new array. */
export function compileMerge(site: OperatorSite): CompiledNode {
  const items = site.args.map((_, i) => site.arg(i));
  const runs = items.map((i) => i.run);
  const path = site.path;
  const run: Expr = (d, e, t) => {
    const out: unknown[] = [];
    for (const r of runs) {
      const v = r(d, e, t);
      if (Array.isArray(v)) {
        spendWork(v.length, path);
        for (const x of v) out.push(x);
      } else out.push(v);
    }
    return out;
  };
  return operationNode(run, 1 + items.reduce((s, i) => s + i.cost, 0), sourceLabel(site.source));
}

function lookup(data: unknown, key: unknown): unknown {
  const segments = String(key).split('.');
  let current = data;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function missingKeys(data: unknown, keys: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const key of keys) {
    const v = lookup(data, key);
    if (v === undefined || v === null || v === '') out.push(key);
  }
  return out;
}

/** `missing: [keys...]` (or one array argument): the keys whose value is absent, null or "". */
export function compileMissing(site: OperatorSite): CompiledNode {
  const items = site.args.map((_, i) => site.arg(i));
  const runs = items.map((i) => i.run);
  const path = site.path;
  const run: Expr = (d, e, t) => {
    const values = runs.map((r) => r(d, e, t));
    const keys = values.length === 1 && Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
    spendWork(keys.length, path);
    const result = missingKeys(d, keys);
    if (t !== undefined) t.push({ path, message: `missing: ${describeValue(result)}` });
    return result;
  };
  return operationNode(run, 1 + items.reduce((s, i) => s + i.cost, 0), sourceLabel(site.source));
}

/** `missing_some: [need, [keys...]]`: [] when at least `need` keys are present, else the missing ones. */
export function compileMissingSome(site: OperatorSite): CompiledNode {
  if (site.args.length !== 2) site.ctx.lint(site.path, `missing_some takes 2 arguments (count, keys), got ${site.args.length}`);
  const need = site.arg(0), keys = site.arg(1);
  const rn = need.run, rk = keys.run;
  const path = site.path;
  const run: Expr = (d, e, t) => {
    const count = Number(rn(d, e, t));
    const list = rk(d, e, t);
    const all = Array.isArray(list) ? list : [];
    spendWork(all.length, path);
    const missing = missingKeys(d, all);
    const result = all.length - missing.length >= count ? [] : missing;
    if (t !== undefined) t.push({ path, message: `missing_some (need ${count}): ${describeValue(result)}` });
    return result;
  };
  return operationNode(run, 1 + need.cost + keys.cost, sourceLabel(site.source));
}

/** `map` `filter` `all` `some` `none`: `[array, body]`, the body evaluated per element. */
export function compileIteration(site: OperatorSite): CompiledNode {
  const op = site.op;
  if (site.args.length !== 2) site.ctx.lint(site.path, `${op} takes 2 arguments (array, rule), got ${site.args.length}`);
  const list = site.arg(0), body = site.arg(1);
  const rl = list.run, rb = body.run;
  const path = site.path;
  const label = sourceLabel(site.source);
  const cost = 1 + list.cost + body.cost;
  const arrayOf = (d: unknown, e: Parameters<Expr>[1], t: Parameters<Expr>[2]): readonly unknown[] => {
    const v = rl(d, e, t);
    if (!Array.isArray(v)) return [];
    spendWork(v.length, path);
    return v;
  };
  let run: Expr;
  switch (op) {
    case 'map':
      run = (d, e, t) => arrayOf(d, e, t).map((x) => rb(x, e, t));
      break;
    case 'filter':
      run = (d, e, t) => arrayOf(d, e, t).filter((x) => truthy(rb(x, e, t)));
      break;
    case 'all':
      run = (d, e, t) => {
        const xs = arrayOf(d, e, t);
        const result = xs.length > 0 && xs.every((x) => truthy(rb(x, e, t)));
        if (t !== undefined) t.push({ path, message: `all of ${xs.length} element(s): ${result}` });
        return result;
      };
      break;
    case 'some':
      run = (d, e, t) => {
        const xs = arrayOf(d, e, t);
        const result = xs.some((x) => truthy(rb(x, e, t)));
        if (t !== undefined) t.push({ path, message: `some of ${xs.length} element(s): ${result}` });
        return result;
      };
      break;
    default:
      run = (d, e, t) => {
        const xs = arrayOf(d, e, t);
        const result = !xs.some((x) => truthy(rb(x, e, t)));
        if (t !== undefined) t.push({ path, message: `none of ${xs.length} element(s): ${result}` });
        return result;
      };
  }
  return operationNode(run, cost, label);
}

/** `reduce: [array, body, initial]`: the body sees `current` and `accumulator`. */
export function compileReduce(site: OperatorSite): CompiledNode {
  if (site.args.length < 2 || site.args.length > 3) site.ctx.lint(site.path, `reduce takes 2 or 3 arguments (array, rule, initial), got ${site.args.length}`);
  const list = site.arg(0), body = site.arg(1);
  const initial = site.args.length > 2 ? site.arg(2) : undefined;
  const rl = list.run, rb = body.run, ri = initial?.run;
  const path = site.path;
  const run: Expr = (d, e, t) => {
    const v = rl(d, e, t);
    const xs = Array.isArray(v) ? v : [];
    spendWork(xs.length, path);
    let start = 0;
    let accumulator: unknown;
    if (ri !== undefined) accumulator = ri(d, e, t);
    else {
      if (xs.length === 0) throw new RuleError('reduce of an empty array with no initial value', path);
      accumulator = xs[0];
      start = 1;
    }
    for (let i = start; i < xs.length; i++) accumulator = rb({ current: xs[i], accumulator }, e, t);
    return accumulator;
  };
  return operationNode(run, 1 + list.cost + body.cost + (initial?.cost ?? 0), sourceLabel(site.source));
}
