// Issue 10: the five verdicts of a shadow comparison and key-order independent deep equality.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyComparison, jsonDeepEqual, type JsonValue } from '@rollgate/core';

describe('classifyComparison: one rule per verdict', () => {
  it('AGREE: equal values and variants (reasons are not compared)', () => {
    expect(classifyComparison({ value: true, variant: 'on', reason: 'STATIC' }, { value: true, variant: 'on', reason: 'TARGETING_MATCH' })).toBe('AGREE');
  });
  it('AGREE: both sides lack the flag', () => {
    expect(classifyComparison({ value: false, errorCode: 'FLAG_NOT_FOUND' }, { value: false, errorCode: 'FLAG_NOT_FOUND' })).toBe('AGREE');
  });
  it('DIVERGE: different values', () => {
    expect(classifyComparison({ value: 'a', variant: 'x' }, { value: 'b', variant: 'x' })).toBe('DIVERGE');
  });
  it('DIVERGE: same value, different variant names (unless compareVariants is off)', () => {
    expect(classifyComparison({ value: 1, variant: 'one' }, { value: 1, variant: 'uno' })).toBe('DIVERGE');
    expect(classifyComparison({ value: 1, variant: 'one' }, { value: 1, variant: 'uno' }, { compareVariants: false })).toBe('AGREE');
  });
  it('DIVERGE: a type mismatch on one side only (the sources define different types)', () => {
    expect(classifyComparison({ value: true, variant: 'on' }, { value: true, errorCode: 'TYPE_MISMATCH' })).toBe('DIVERGE');
    expect(classifyComparison({ value: true, errorCode: 'TYPE_MISMATCH' }, { value: true, errorCode: 'TYPE_MISMATCH' })).toBe('AGREE');
  });
  it('SHADOW_EMPTY: the shadow does not have the flag', () => {
    expect(classifyComparison({ value: true, variant: 'on' }, { value: false, errorCode: 'FLAG_NOT_FOUND' })).toBe('SHADOW_EMPTY');
  });
  it('SHADOW_EMPTY, not AGREE: the primary failed for another reason (not ready, no definitions) and the shadow lacks the flag', () => {
    for (const errorCode of ['GENERAL', 'PROVIDER_NOT_READY', 'PARSE_ERROR']) {
      expect(classifyComparison({ value: false, reason: 'ERROR', errorCode }, { value: false, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' }), errorCode).toBe('SHADOW_EMPTY');
    }
  });
  it('PRIMARY_EMPTY: the primary has no answer, the shadow has one', () => {
    expect(classifyComparison({ value: false, errorCode: 'FLAG_NOT_FOUND' }, { value: true, variant: 'on' })).toBe('PRIMARY_EMPTY');
    expect(classifyComparison({ value: false, errorCode: 'GENERAL' }, { value: true, variant: 'on' })).toBe('PRIMARY_EMPTY');
  });
  it('SHADOW_ERROR: the shadow threw, timed out, or answered with an error other than not-found/type', () => {
    expect(classifyComparison({ value: true }, { failed: true, kind: 'thrown', message: 'boom' })).toBe('SHADOW_ERROR');
    expect(classifyComparison({ value: true }, { failed: true, kind: 'timeout', message: 'timeout after 5 ms' })).toBe('SHADOW_ERROR');
    expect(classifyComparison({ value: true }, { value: false, errorCode: 'PROVIDER_NOT_READY' })).toBe('SHADOW_ERROR');
    expect(classifyComparison({ value: true, errorCode: 'FLAG_NOT_FOUND' }, { value: false, errorCode: 'GENERAL' })).toBe('SHADOW_ERROR');
  });
  it('the doc comment examples hold', () => {
    expect(classifyComparison({ value: { a: 1, b: [2] }, variant: 'x' }, { value: { b: [2], a: 1 }, variant: 'x' })).toBe('AGREE');
    expect(classifyComparison({ value: true, variant: 'on' }, { value: false, errorCode: 'FLAG_NOT_FOUND' })).toBe('SHADOW_EMPTY');
  });
});

/** A copy of a JSON value with every object's keys in a shuffled order (seeded). */
function shuffledCopy(value: JsonValue, random: () => number): JsonValue {
  if (Array.isArray(value)) return value.map((v) => shuffledCopy(v, random));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  for (let i = keys.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  const out: Record<string, JsonValue> = {};
  // defineProperty, not assignment: JSON may carry an own "__proto__" key.
  for (const key of keys) Object.defineProperty(out, key, { value: shuffledCopy(value[key]!, random), enumerable: true, writable: true, configurable: true });
  return out;
}

describe('jsonDeepEqual', () => {
  it('10,000 deep-equal object values with shuffled key order give 0 mismatches', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
      return ((seed >>> 0) % 1_000_000) / 1_000_000;
    };
    const values = fc.sample(fc.jsonValue({ maxDepth: 3, depthSize: "small" }), { numRuns: 10_000, seed: 42 }) as JsonValue[];
    let mismatches = 0;
    let reordered = 0;
    for (const value of values) {
      const copy = shuffledCopy(JSON.parse(JSON.stringify(value)) as JsonValue, random);
      if (JSON.stringify(copy) !== JSON.stringify(value)) reordered += 1;
      const wrapped = { value: { config: value, copy: 1 } as JsonValue, variant: 'v' };
      if (classifyComparison(wrapped, { value: { copy: 1, config: copy }, variant: 'v' }) !== 'AGREE') mismatches += 1;
    }
    expect(values).toHaveLength(10_000);
    expect(reordered).toBeGreaterThan(1000); // the shuffle really changed key orders
    expect(mismatches).toBe(0);
  });

  it('any change to a value is a mismatch (values that differ never compare equal)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b) => {
        const same = JSON.stringify(canonical(a as JsonValue)) === JSON.stringify(canonical(b as JsonValue));
        expect(jsonDeepEqual(a as JsonValue, b as JsonValue)).toBe(same);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('arrays are ordered; missing and extra keys differ; null is not an empty object', () => {
    expect(jsonDeepEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonDeepEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(jsonDeepEqual({ a: 1, b: null }, { a: 1 })).toBe(false);
    expect(jsonDeepEqual(null, {})).toBe(false);
    expect(jsonDeepEqual([], {})).toBe(false);
    expect(jsonDeepEqual(0, -0)).toBe(true);
  });
});

function canonical(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(canonical);
  if (v === null || typeof v !== 'object') return Object.is(v, -0) ? 0 : v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k]!)]));
}
