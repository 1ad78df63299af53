// Comparisons: `==` `===` `!=` `!==` `<` `<=` `>` `>=` (and the "between" forms of `<` and `<=`).
// Semantics are JavaScript's (loose equality coerces), as in JSONLogic and flagd-core.
import type { OperatorSite } from './compile-context.js';
import { operationNode, sourceLabel, type CompiledNode, type Expr } from './expression.js';
import { operand } from './trace-format.js';

type Binary = (a: unknown, b: unknown) => boolean;

/* eslint-disable eqeqeq */
const BINARY: Readonly<Record<string, Binary>> = {
  '==': (a, b) => a == b,
  '===': (a, b) => a === b,
  '!=': (a, b) => a != b,
  '!==': (a, b) => a !== b,
  '<': (a, b) => (a as number) < (b as number),
  '<=': (a, b) => (a as number) <= (b as number),
  '>': (a, b) => (a as number) > (b as number),
  '>=': (a, b) => (a as number) >= (b as number),
};

export function compileComparison(site: OperatorSite): CompiledNode {
  const op = site.op;
  const test = BINARY[op] as Binary;
  const between = op === '<' || op === '<=';
  const n = site.args.length;
  if (n !== 2 && !(between && n === 3)) {
    site.ctx.lint(site.path, `${op} takes ${between ? '2 or 3' : '2'} arguments, got ${n}`);
  }
  const a = site.arg(0);
  const b = site.arg(1);
  const path = site.path;
  const label = sourceLabel(site.source);
  if (between && n === 3) {
    const c = site.arg(2);
    const ra = a.run, rb = b.run, rc = c.run;
    const run: Expr = (data, env, trace) => {
      const va = ra(data, env, trace);
      const vb = rb(data, env, trace);
      const vc = rc(data, env, trace);
      const result = test(va, vb) && test(vb, vc);
      if (trace !== undefined) trace.push({ path, message: `${operand(a, va)} ${op} ${operand(b, vb)} ${op} ${operand(c, vc)}: ${result}` });
      return result;
    };
    return operationNode(run, 1 + a.cost + b.cost + c.cost, label);
  }
  const ra = a.run, rb = b.run;
  let run: Expr;
  if (op === '==' && b.constant && !a.constant) {
    // `{"==": [{"var": "plan"}, "pro"]}`: the literal is read once, not called per evaluation.
    const vb = b.value;
    run = (data, env, trace) => {
      const va = ra(data, env, trace);
      // eslint-disable-next-line eqeqeq
      const result = va == vb;
      if (trace !== undefined) trace.push({ path, message: `${operand(a, va)} == ${operand(b, vb)}: ${result}` });
      return result;
    };
  } else if (op === '==') {
    // The most common comparison gets its own closure without the indirect call.
    run = (data, env, trace) => {
      const va = ra(data, env, trace);
      const vb = rb(data, env, trace);
      // eslint-disable-next-line eqeqeq
      const result = va == vb;
      if (trace !== undefined) trace.push({ path, message: `${operand(a, va)} == ${operand(b, vb)}: ${result}` });
      return result;
    };
  } else {
    run = (data, env, trace) => {
      const va = ra(data, env, trace);
      const vb = rb(data, env, trace);
      const result = test(va, vb);
      if (trace !== undefined) trace.push({ path, message: `${operand(a, va)} ${op} ${operand(b, vb)}: ${result}` });
      return result;
    };
  }
  return operationNode(run, 1 + a.cost + b.cost, label);
}
