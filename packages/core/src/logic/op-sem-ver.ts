// flagd's `sem_ver: [version, operator, version]` with `=` `!=` `<` `<=` `>` `>=` `^` `~`.
//
// As in flagd-core: `^` means "same major", `~` means "same major and minor"; invalid versions,
// unknown operators and wrong argument counts yield null (the default variant applies).
import { describeValue } from '../json/describe-value.js';
import type { OperatorSite } from './compile-context.js';
import { operationNode, sourceLabel, type CompiledNode, type Expr } from './expression.js';
import { compareSemVer, parseSemVer, type SemVer } from './semver.js';
import { operand } from './trace-format.js';

const OPERATORS = new Set(['=', '!=', '<', '<=', '>', '>=', '^', '~']);

function apply(op: string, a: SemVer, b: SemVer): boolean | null {
  switch (op) {
    case '=': return compareSemVer(a, b) === 0;
    case '!=': return compareSemVer(a, b) !== 0;
    case '<': return compareSemVer(a, b) < 0;
    case '<=': return compareSemVer(a, b) <= 0;
    case '>': return compareSemVer(a, b) > 0;
    case '>=': return compareSemVer(a, b) >= 0;
    case '^': return a.major === b.major;
    case '~': return a.major === b.major && a.minor === b.minor;
    default: return null;
  }
}

export function compileSemVer(site: OperatorSite): CompiledNode {
  const path = site.path;
  const label = sourceLabel(site.source);
  if (site.args.length !== 3) {
    site.ctx.lint(path, `sem_ver takes 3 arguments (version, operator, version), got ${site.args.length}`);
    return operationNode((_d, _e, t) => {
      if (t !== undefined) t.push({ path, message: 'sem_ver: needs 3 arguments: null' });
      return null;
    }, 1, label);
  }
  const left = site.arg(0), opNode = site.arg(1), right = site.arg(2);
  if (opNode.constant && !OPERATORS.has(String(opNode.value))) {
    site.ctx.lint(path, `sem_ver operator ${JSON.stringify(opNode.value)} is not one of ${[...OPERATORS].join(' ')}`);
  }
  if (left.constant && parseSemVer(left.value) === null) site.ctx.lint(path, `sem_ver: ${JSON.stringify(left.value)} is not a version`);
  if (right.constant && parseSemVer(right.value) === null) site.ctx.lint(path, `sem_ver: ${JSON.stringify(right.value)} is not a version`);
  // A literal version is parsed once, not per evaluation.
  const rightParsed = right.constant ? parseSemVer(right.value) : undefined;
  const rl = left.run, ro = opNode.run, rr = right.run;
  const run: Expr = (d, e, t) => {
    const lv = rl(d, e, t);
    const ov = ro(d, e, t);
    const rv = rr(d, e, t);
    const a = parseSemVer(lv);
    const b = rightParsed !== undefined ? rightParsed : parseSemVer(rv);
    if (a === null || b === null) {
      if (t !== undefined) t.push({ path, message: `sem_ver: ${a === null ? operand(left, lv) : operand(right, rv)} is not a version: null` });
      return null;
    }
    const result = apply(String(ov), a, b);
    if (t !== undefined) {
      t.push({ path, message: result === null ? `sem_ver: unknown operator ${describeValue(ov)}: null` : `${operand(left, lv)} ${String(ov)} ${operand(right, rv)} (semver): ${result}` });
    }
    return result;
  };
  return operationNode(run, 1 + left.cost + opNode.cost + right.cost, label);
}
