// Strings: `cat`, `substr`, `in`, and flagd's `starts_with` / `ends_with`.
import { describeValue } from '../json/describe-value.js';
import { indexPath } from '../json/json-path.js';
import type { OperatorSite } from './compile-context.js';
import { operationNode, sourceLabel, type CompiledNode, type Expr } from './expression.js';
import { operand } from './trace-format.js';
import { spendWork } from './work-budget.js';

/** `cat`: concatenation; null and undefined are skipped (json-logic-engine, as flagd-core). */
export function compileCat(site: OperatorSite): CompiledNode {
  const items = site.args.map((_, i) => site.arg(i));
  const runs = items.map((i) => i.run);
  const n = runs.length;
  const run: Expr = (d, e, t) => {
    let out = '';
    for (let i = 0; i < n; i++) {
      const v = (runs[i] as Expr)(d, e, t);
      if (v !== null && v !== undefined) out += typeof v === 'string' ? v : String(v);
    }
    return out;
  };
  return operationNode(run, 1 + items.reduce((s, i) => s + i.cost, 0), sourceLabel(site.source));
}

/** `substr: [string, start, length?]`; a negative start counts from the end, a negative length drops characters from the end. */
export function compileSubstr(site: OperatorSite): CompiledNode {
  if (site.args.length < 2 || site.args.length > 3) site.ctx.lint(site.path, `substr takes 2 or 3 arguments, got ${site.args.length}`);
  const s = site.arg(0), from = site.arg(1), len = site.args.length > 2 ? site.arg(2) : undefined;
  const rs = s.run, rf = from.run, rl = len?.run;
  const run: Expr = (d, e, t) => {
    const text = String(rs(d, e, t) ?? '');
    const startRaw = Number(rf(d, e, t)) || 0;
    const start = startRaw < 0 ? Math.max(0, text.length + startRaw) : Math.min(startRaw, text.length);
    if (rl === undefined) return text.slice(start);
    const length = Number(rl(d, e, t)) || 0;
    if (length < 0) return text.slice(start, Math.max(start, text.length + length));
    return text.slice(start, start + length);
  };
  return operationNode(run, 1 + s.cost + from.cost + (len?.cost ?? 0), sourceLabel(site.source));
}

/** `in: [needle, haystack]`: membership in an array, or substring of a string; anything else is false. */
export function compileIn(site: OperatorSite): CompiledNode {
  if (site.args.length !== 2) site.ctx.lint(site.path, `in takes 2 arguments, got ${site.args.length}`);
  const a = site.arg(0), b = site.arg(1);
  const ra = a.run, rb = b.run;
  const path = site.path;
  const run: Expr = (d, e, t) => {
    const needle = ra(d, e, t);
    const haystack = rb(d, e, t);
    let result = false;
    if (typeof haystack === 'string') result = haystack.includes(String(needle));
    else if (Array.isArray(haystack)) {
      spendWork(haystack.length, path);
      result = haystack.includes(needle);
    }
    if (t !== undefined) t.push({ path, message: `${operand(a, needle)} in ${operand(b, haystack)}: ${result}` });
    return result;
  };
  return operationNode(run, 1 + a.cost + b.cost, sourceLabel(site.source));
}

/**
 * flagd's `starts_with` / `ends_with: [text, affix]`. Anything but exactly two strings yields
 * null, not false, so the flag's default variant applies (flagd-testbed string.feature).
 */
export function compileAffix(site: OperatorSite): CompiledNode {
  const op = site.op;
  const starts = op === 'starts_with';
  const path = site.path;
  const label = sourceLabel(site.source);
  if (site.args.length !== 2) {
    site.ctx.lint(path, `${op} takes 2 arguments (text, ${starts ? 'prefix' : 'suffix'}), got ${site.args.length}`);
    const items = site.args.map((_, i) => site.arg(i));
    return operationNode((_d, _e, t) => {
      if (t !== undefined) t.push({ path, message: `${op}: needs 2 arguments, got ${items.length}: null` });
      return null;
    }, 1, label);
  }
  const a = site.arg(0), b = site.arg(1);
  // flagd's schema: each argument is a string or a rule. Any other literal can never match.
  for (const [i, node] of [a, b].entries()) {
    if (node.constant && typeof node.value !== 'string') {
      site.ctx.lint(indexPath(path, i), `${op}: argument ${i + 1} must be a string or a rule, got ${node.label} (it would always yield null)`);
    }
  }
  const ra = a.run, rb = b.run;
  if (b.constant && typeof b.value === 'string') {
    // The common shape, `ends_with: [{var: "email"}, "@example.com"]`: the affix is read once.
    const fixed = b.value;
    const run: Expr = (d, e, t) => {
      const text = ra(d, e, t);
      if (typeof text !== 'string') {
        if (t !== undefined) t.push({ path, message: `${op}: ${operand(a, text)} is not a string: null` });
        return null;
      }
      const result = starts ? text.startsWith(fixed) : text.endsWith(fixed);
      if (t !== undefined) t.push({ path, message: `${operand(a, text)} ${starts ? 'starts' : 'ends'} with ${describeValue(fixed)}: ${result}` });
      return result;
    };
    return operationNode(run, 1 + a.cost + b.cost, label);
  }
  const run: Expr = (d, e, t) => {
    const text = ra(d, e, t);
    const affix = rb(d, e, t);
    if (typeof text !== 'string' || typeof affix !== 'string') {
      if (t !== undefined) t.push({ path, message: `${op}: ${operand(a, text)} and ${operand(b, affix)} are not both strings: null` });
      return null;
    }
    const result = starts ? text.startsWith(affix) : text.endsWith(affix);
    if (t !== undefined) t.push({ path, message: `${operand(a, text)} ${starts ? 'starts' : 'ends'} with ${describeValue(affix)}: ${result}` });
    return result;
  };
  return operationNode(run, 1 + a.cost + b.cost, label);
}
