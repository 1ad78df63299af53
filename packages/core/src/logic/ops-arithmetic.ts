// Arithmetic: `+` `-` `*` `/` `%` `min` `max`. As in json-logic-engine (flagd-core's JSONLogic),
// operands are coerced with unary plus; objects, NaN results and division by zero are errors
// (the flag resolves to ERROR/GENERAL rather than comparing against NaN).
import { describeValue } from '../json/describe-value.js';
import type { OperatorSite } from './compile-context.js';
import { operationNode, RuleError, sourceLabel, type CompiledNode, type Expr } from './expression.js';

function num(value: unknown, op: string, path: string): number {
  if (value !== null && typeof value === 'object') throw new RuleError(`${op}: ${describeValue(value)} is not a number`, path);
  return +(value as number);
}

function checked(result: number, op: string, path: string): number {
  if (Number.isNaN(result) || result === Infinity || result === -Infinity) {
    throw new RuleError(`${op}: the result is not a finite number`, path);
  }
  return result;
}

export function compileArithmetic(site: OperatorSite): CompiledNode {
  const op = site.op;
  const path = site.path;
  const items = site.args.map((_, i) => site.arg(i));
  const runs = items.map((i) => i.run);
  const n = runs.length;
  if ((op === '/' || op === '%') && n !== 2) site.ctx.lint(path, `${op} takes 2 arguments, got ${n}`);
  if (op === '-' && (n < 1 || n > 2)) site.ctx.lint(path, `- takes 1 or 2 arguments, got ${n}`);
  if ((op === 'min' || op === 'max') && n === 0) site.ctx.lint(path, `${op} takes at least 1 argument`);
  let run: Expr;
  switch (op) {
    case '+':
      run = (d, e, t) => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += num((runs[i] as Expr)(d, e, t), op, path);
        return checked(sum, op, path);
      };
      break;
    case '*':
      run = (d, e, t) => {
        let product = 1;
        for (let i = 0; i < n; i++) product *= num((runs[i] as Expr)(d, e, t), op, path);
        return checked(product, op, path);
      };
      break;
    case '-':
      run = (d, e, t) => {
        if (n === 0) throw new RuleError('- needs an argument', path);
        const first = num((runs[0] as Expr)(d, e, t), op, path);
        if (n === 1) return checked(-first, op, path);
        let result = first;
        for (let i = 1; i < n; i++) result -= num((runs[i] as Expr)(d, e, t), op, path);
        return checked(result, op, path);
      };
      break;
    case '/':
    case '%':
      run = (d, e, t) => {
        if (n < 2) throw new RuleError(`${op} needs 2 arguments`, path);
        let result = num((runs[0] as Expr)(d, e, t), op, path);
        for (let i = 1; i < n; i++) {
          const divisor = num((runs[i] as Expr)(d, e, t), op, path);
          if (divisor === 0) throw new RuleError(`${op}: division by zero`, path);
          result = op === '/' ? result / divisor : result % divisor;
        }
        return checked(result, op, path);
      };
      break;
    default: {
      const wantMax = op === 'max';
      run = (d, e, t) => {
        if (n === 0) throw new RuleError(`${op} needs at least one number`, path);
        let best = NaN;
        for (let i = 0; i < n; i++) {
          const v = (runs[i] as Expr)(d, e, t);
          if (typeof v !== 'number') throw new RuleError(`${op}: ${describeValue(v)} is not a number`, path);
          if (i === 0 || (wantMax ? v > best : v < best)) best = v;
        }
        return best;
      };
    }
  }
  return operationNode(run, 1 + items.reduce((s, i) => s + i.cost, 0), sourceLabel(site.source));
}
