// Each JSONLogic operator, compiled once and run against data (JSONLogic / flagd-core semantics).
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/logic/compile-expression.js';
import type { CompileContext } from '../../src/logic/compile-context.js';
import { RuleError } from '../../src/logic/expression.js';
import { resetWorkBudget, restoreWorkBudget } from '../../src/logic/work-budget.js';
import type { RuleEnv } from '@rollgate/core';

const ENV: RuleEnv = { flagKey: 'my-flag', now: 1_700_000_123_456 };

function compile(logic: unknown): { run: (data: unknown) => unknown; problems: string[] } {
  const problems: string[] = [];
  const ctx: CompileContext = {
    flagKey: undefined,
    variants: undefined,
    fail: (path, message) => problems.push(`fail ${path}: ${message}`),
    lint: (path, message) => problems.push(`lint ${path}: ${message}`),
    resolveRef: () => undefined,
  };
  const node = compileExpression(ctx, logic, '$', 'value');
  return {
    run: (data) => {
      const enclosing = resetWorkBudget(1_000_000);
      try {
        return node.run(data, ENV, undefined);
      } finally {
        restoreWorkBudget(enclosing);
      }
    },
    problems,
  };
}

function run(logic: unknown, data: unknown = {}): unknown {
  const compiled = compile(logic);
  expect(compiled.problems).toEqual([]);
  return compiled.run(data);
}

describe('var', () => {
  const data = { email: 'a@b.c', user: { name: 'ana', tags: ['x'] }, zero: 0, nil: null, targetingKey: 'k1', list: [10, 20] };
  it('reads a top-level attribute, a dotted path and an array index', () => {
    expect(run({ var: 'email' }, data)).toBe('a@b.c');
    expect(run({ var: 'user.name' }, data)).toBe('ana');
    expect(run({ var: ['user.name'] }, data)).toBe('ana');
    expect(run({ var: 'list.1' }, data)).toBe(20);
    expect(run({ var: 'user.tags.0' }, data)).toBe('x');
    expect(run({ var: 'targetingKey' }, data)).toBe('k1');
  });
  it('returns the default (or null) for a missing attribute, but keeps falsy values that exist', () => {
    expect(run({ var: 'nope' }, data)).toBe(null);
    expect(run({ var: ['nope', 'fallback'] }, data)).toBe('fallback');
    expect(run({ var: ['user.nope.deeper', 7] }, data)).toBe(7);
    expect(run({ var: ['zero', 7] }, data)).toBe(0);
    expect(run({ var: ['nil', 7] }, data)).toBe(null);
  });
  it('returns the whole scope for an empty path', () => {
    expect(run({ var: '' }, data)).toBe(data);
  });
  it('never reads inherited properties (var "constructor" is missing, not a function)', () => {
    expect(run({ var: 'constructor' }, data)).toBe(null);
    expect(run({ var: 'user.__proto__' }, data)).toBe(null);
    expect(run({ var: ['toString', 'd'] }, {})).toBe('d');
  });
  it('answers $flagd.flagKey and $flagd.timestamp (seconds) from the evaluation, not the context', () => {
    expect(run({ var: '$flagd.flagKey' }, { $flagd: { flagKey: 'spoofed' } })).toBe('my-flag');
    expect(run({ var: '$flagd.timestamp' })).toBe(1_700_000_123);
    expect(run({ var: '$flagd' })).toEqual({ flagKey: 'my-flag', timestamp: 1_700_000_123 });
  });
  it('supports a computed path', () => {
    expect(run({ var: { cat: ['user', '.', 'name'] } }, data)).toBe('ana');
  });
  it('reports an unknown $flagd property', () => {
    expect(compile({ var: '$flagd.nope' }).problems).toEqual(['lint $.var: unknown $flagd property "$flagd.nope": only $flagd.flagKey and $flagd.timestamp exist']);
  });
});

describe('comparison', () => {
  it('== and != coerce; === and !== do not', () => {
    expect(run({ '==': [1, '1'] })).toBe(true);
    expect(run({ '===': [1, '1'] })).toBe(false);
    expect(run({ '!=': [1, '1'] })).toBe(false);
    expect(run({ '!==': [1, '1'] })).toBe(true);
    expect(run({ '==': [null, { var: 'missing' }] })).toBe(true);
  });
  it('< <= > >= compare, and < / <= take a "between" form', () => {
    expect(run({ '<': [1, 2] })).toBe(true);
    expect(run({ '<=': [2, 2] })).toBe(true);
    expect(run({ '>': [3, 2] })).toBe(true);
    expect(run({ '>=': [1, 2] })).toBe(false);
    expect(run({ '<': [1, { var: 'x' }, 10] }, { x: 5 })).toBe(true);
    expect(run({ '<': [1, { var: 'x' }, 10] }, { x: 10 })).toBe(false);
    expect(run({ '<=': [1, { var: 'x' }, 10] }, { x: 10 })).toBe(true);
  });
  it('reports a wrong argument count', () => {
    expect(compile({ '==': [1] }).problems).toEqual(['lint $["=="]: == takes 2 arguments, got 1']);
  });
});

describe('logic', () => {
  it('! and !! use JSONLogic truthiness (an empty array is false, "0" is true)', () => {
    expect(run({ '!': [[]] })).toBe(true);
    expect(run({ '!!': [[]] })).toBe(false);
    expect(run({ '!!': ['0'] })).toBe(true);
    expect(run({ '!': true })).toBe(false);
  });
  it('and / or short-circuit and return the deciding value', () => {
    expect(run({ and: [true, 'x', 0, { var: 'never' }] })).toBe(0);
    expect(run({ and: [true, 'last'] })).toBe('last');
    expect(run({ or: [0, '', 'first', 'second'] })).toBe('first');
    expect(run({ or: [0, false] })).toBe(false);
  });
  it('if / ?: pick the first truthy branch, the else, or null', () => {
    expect(run({ if: [true, 'a', 'b'] })).toBe('a');
    expect(run({ if: [false, 'a', 'b'] })).toBe('b');
    expect(run({ if: [false, 'a', true, 'b', 'c'] })).toBe('b');
    expect(run({ if: [false, 'a', false, 'b', 'c'] })).toBe('c');
    expect(run({ if: [false, 'a'] })).toBe(null);
    expect(run({ '?:': [{ var: 'x' }, 'yes', 'no'] }, { x: [] })).toBe('no');
  });
});

describe('arithmetic', () => {
  it('+ - * / % min max', () => {
    expect(run({ '+': [1, '2', 3] })).toBe(6);
    expect(run({ '+': ['3.5'] })).toBe(3.5);
    expect(run({ '-': [10, 4] })).toBe(6);
    expect(run({ '-': [2] })).toBe(-2);
    expect(run({ '*': [2, 3, 4] })).toBe(24);
    expect(run({ '/': [9, 3] })).toBe(3);
    expect(run({ '%': [10, 3] })).toBe(1);
    expect(run({ min: [4, 2, 9] })).toBe(2);
    expect(run({ max: [4, 2, 9] })).toBe(9);
  });
  it('throws a RuleError (the flag resolves to ERROR) for NaN, division by zero and objects', () => {
    expect(() => run({ '+': ['abc', 1] })).toThrow(RuleError);
    expect(() => run({ '/': [1, 0] })).toThrow(/division by zero/);
    expect(() => run({ '*': [{ var: 'o' }, 2] }, { o: { a: 1 } })).toThrow(/not a number/);
    expect(() => run({ max: [1, 'x'] })).toThrow(/not a number/);
  });
});

describe('strings', () => {
  it('cat joins and skips null', () => {
    expect(run({ cat: ['a', 1, null, true, { var: 'missing' }] })).toBe('a1true');
  });
  it('substr with positive and negative start and length', () => {
    expect(run({ substr: ['jsonlogic', 4] })).toBe('logic');
    expect(run({ substr: ['jsonlogic', -5] })).toBe('logic');
    expect(run({ substr: ['jsonlogic', 1, 3] })).toBe('son');
    expect(run({ substr: ['jsonlogic', 4, -2] })).toBe('log');
  });
  it('in: array membership and substring', () => {
    expect(run({ in: ['b', ['a', 'b']] })).toBe(true);
    expect(run({ in: ['z', ['a', 'b']] })).toBe(false);
    expect(run({ in: ['log', 'jsonlogic'] })).toBe(true);
    expect(run({ in: ['x', null] })).toBe(false);
  });
  it('starts_with / ends_with, and null (not false) for non-strings', () => {
    expect(run({ starts_with: [{ var: 'id' }, 'abc'] }, { id: 'abcdef' })).toBe(true);
    expect(run({ ends_with: [{ var: 'id' }, 'xyz'] }, { id: 'abcdef' })).toBe(false);
    expect(run({ starts_with: [{ var: 'num' }, 'abc'] }, { num: 123 })).toBe(null);
  });
  it('reports starts_with with a wrong argument count', () => {
    expect(compile({ starts_with: ['abc'] }).problems).toEqual(['lint $.starts_with: starts_with takes 2 arguments (text, prefix), got 1']);
  });
});

describe('arrays', () => {
  const data = { xs: [1, 2, 3, 4], people: [{ age: 20 }, { age: 40 }], a: 1, b: '', c: null };
  it('merge flattens one level', () => {
    expect(run({ merge: [[1, 2], 3, [[4]]] })).toEqual([1, 2, 3, [4]]);
  });
  it('map / filter / reduce see the element (and accumulator)', () => {
    expect(run({ map: [{ var: 'xs' }, { '*': [{ var: '' }, 2] }] }, data)).toEqual([2, 4, 6, 8]);
    expect(run({ filter: [{ var: 'xs' }, { '>': [{ var: '' }, 2] }] }, data)).toEqual([3, 4]);
    expect(run({ reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] }, data)).toBe(10);
  });
  it('all / some / none (all of an empty array is false)', () => {
    expect(run({ all: [{ var: 'people' }, { '>=': [{ var: 'age' }, 18] }] }, data)).toBe(true);
    expect(run({ some: [{ var: 'people' }, { '>': [{ var: 'age' }, 30] }] }, data)).toBe(true);
    expect(run({ none: [{ var: 'people' }, { '>': [{ var: 'age' }, 50] }] }, data)).toBe(true);
    expect(run({ all: [[], true] }, data)).toBe(false);
    expect(run({ some: [{ var: 'notAnArray' }, true] }, data)).toBe(false);
  });
  it('missing / missing_some list absent, null and empty attributes', () => {
    expect(run({ missing: ['a', 'b', 'c', 'd'] }, data)).toEqual(['b', 'c', 'd']);
    expect(run({ missing: { merge: ['a', 'x'] } }, data)).toEqual(['x']);
    expect(run({ missing_some: [1, ['a', 'b']] }, data)).toEqual([]);
    expect(run({ missing_some: [2, ['a', 'b', 'c']] }, data)).toEqual(['b', 'c']);
  });
});

describe('sem_ver', () => {
  const cases: [string, string, string, boolean | null][] = [
    ['1.2.3', '=', '1.2.3', true],
    ['1.2.3', '!=', '1.2.4', true],
    ['1.2.3', '<', '1.10.0', true],
    ['2.0.0-alpha', '<', '2.0.0', true],
    ['2.0.0-alpha.2', '>', '2.0.0-alpha.10', false],
    ['2.0.0-alpha.beta', '>', '2.0.0-alpha.1', true],
    ['1.0.0+build', '=', '1.0.0', true],
    ['v1.0.0', '=', 'V1.0.0', true],
    ['1.2', '>=', '1.2.0', true],
    ['1', '=', '1.0.0', true],
    ['1.9.9', '<=', '2.0.0', true],
    ['3.4.5', '^', '3.0.0', true],
    ['4.0.0', '^', '3.9.9', false],
    ['3.0.9', '~', '3.0.0', true],
    ['3.1.0', '~', '3.0.0', false],
    ['2.0.0.0', '=', '2.0.0', null],
    ['not-a-version', '=', '1.0.0', null],
    ['1.0.0', '===', '1.0.0', null],
  ];
  it.each(cases)('%s %s %s → %s', (a, op, b, expected) => {
    expect(run({ sem_ver: [{ var: 'v' }, { var: 'op' }, b] }, { v: a, op })).toBe(expected);
  });
  it('reads numbers as versions (1.2 is 1.2.0)', () => {
    expect(run({ sem_ver: [{ var: 'v' }, '>', '1.1'] }, { v: 1.2 })).toBe(true);
  });
  it('reports a literal unknown operator and a wrong argument count', () => {
    expect(compile({ sem_ver: [{ var: 'v' }, '===', '1.0.0'] }).problems).toEqual(['lint $.sem_ver: sem_ver operator "===" is not one of = != < <= > >= ^ ~']);
    expect(compile({ sem_ver: [{ var: 'v' }, '='] }).problems).toEqual(['lint $.sem_ver: sem_ver takes 3 arguments (version, operator, version), got 2']);
  });
});

describe('fractional', () => {
  it('returns the bucket variant, evaluating nested variant and weight expressions', () => {
    const rule = { fractional: [{ var: 'key' }, [{ if: [{ var: 'premium' }, 'gold', 'std'] }, 50], ['other', { var: 'w' }]] };
    // hash("ejOoVL") = 0 → bucket 0 → the first bucket with weight > 0
    expect(run(rule, { key: 'ejOoVL', premium: true, w: 50 })).toBe('gold');
    expect(run(rule, { key: 'ejOoVL', premium: false, w: 50 })).toBe('std');
    // hash("ceQdGm") = 0xffffffff → the last bucket
    expect(run(rule, { key: 'ceQdGm', premium: true, w: 50 })).toBe('other');
  });
  it('yields null for a non-string bucketing value, a missing targetingKey, a non-integer weight, or all-zero weights', () => {
    expect(run({ fractional: [{ var: 'missing' }, ['a', 1]] })).toBe(null);
    expect(run({ fractional: [['a', 1]] }, {})).toBe(null);
    expect(run({ fractional: [{ var: 'k' }, ['a', { var: 'w' }]] }, { k: 'x', w: 1.5 })).toBe(null);
    expect(run({ fractional: [{ var: 'k' }, ['a', { var: 'w' }]] }, { k: 'x', w: 0 })).toBe(null);
  });
  it('clamps a negative weight to 0', () => {
    expect(run({ fractional: [{ var: 'k' }, ['a', { var: 'w' }], ['b', 100]] }, { k: 'ejOoVL', w: -50 })).toBe('b');
  });
  it('reports malformed literal buckets and weights', () => {
    expect(compile({ fractional: [{ var: 'k' }, 'a'] }).problems).toEqual(['lint $.fractional[1]: fractional bucket must be [variant] or [variant, weight], got "a"']);
    expect(compile({ fractional: [['a', 0.5]] }).problems).toEqual(['lint $.fractional[0][1]: fractional weight must be an integer, got 0.5']);
  });
});

describe('unknown operators and malformed operations', () => {
  it('fail at compile time, naming the path', () => {
    expect(compile({ regex_match: ['a', '.*'] }).problems).toEqual(['fail $.regex_match: unknown operator "regex_match"']);
    expect(compile({ if: [{ '==': [1, 1], '!=': [1, 2] }, 'a'] }).problems).toEqual(['fail $.if[0]: an operation has exactly one key (the operator); found "==", "!="']);
  });
});
