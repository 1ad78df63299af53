// The operator table: every JSONLogic operator Rollgate's flagd dialect understands.
// Deliberately absent: regular expressions (no catastrophic backtracking possible), `log`
// (no I/O in the core), and anything that loops other than over an array the context supplies.
import type { OperatorCompiler } from './compile-context.js';
import { compileVar } from './op-var.js';
import { compileAnd, compileIf, compileNot, compileNotNot, compileOr } from './ops-logic.js';
import { compileComparison } from './ops-compare.js';
import { compileArithmetic } from './ops-arithmetic.js';
import { compileAffix, compileCat, compileIn, compileSubstr } from './ops-string.js';
import { compileIteration, compileMerge, compileMissing, compileMissingSome, compileReduce } from './ops-array.js';
import { compileFractional } from './op-fractional.js';
import { compileSemVer } from './op-sem-ver.js';

export const operators: Readonly<Record<string, OperatorCompiler>> = {
  var: compileVar,
  if: compileIf,
  '?:': compileIf,
  and: compileAnd,
  or: compileOr,
  '!': compileNot,
  '!!': compileNotNot,
  '==': compileComparison,
  '===': compileComparison,
  '!=': compileComparison,
  '!==': compileComparison,
  '<': compileComparison,
  '<=': compileComparison,
  '>': compileComparison,
  '>=': compileComparison,
  '+': compileArithmetic,
  '-': compileArithmetic,
  '*': compileArithmetic,
  '/': compileArithmetic,
  '%': compileArithmetic,
  min: compileArithmetic,
  max: compileArithmetic,
  cat: compileCat,
  substr: compileSubstr,
  in: compileIn,
  merge: compileMerge,
  missing: compileMissing,
  missing_some: compileMissingSome,
  map: compileIteration,
  filter: compileIteration,
  all: compileIteration,
  some: compileIteration,
  none: compileIteration,
  reduce: compileReduce,
  starts_with: compileAffix,
  ends_with: compileAffix,
  sem_ver: compileSemVer,
  fractional: compileFractional,
};

/** The operator names, for documentation and error messages. */
export const operatorNames: readonly string[] = Object.keys(operators);
