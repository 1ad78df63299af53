// "fractional-v2": flagd's integer bucketing, pinned with golden vectors so it can never drift.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFlagd, evaluate, FRACTIONAL_ALGORITHM, fractionalBucket, murmur3_32 } from '@rollgate/core';

describe('fractional-v2 bucket value: floor(hash * totalWeight / 2^32)', () => {
  it('is named fractional-v2', () => {
    expect(FRACTIONAL_ALGORITHM).toBe('fractional-v2');
  });

  it.each([
    [0, 100, 0],
    [1, 100, 0],
    [0x7fffffff, 100, 49],
    [0x80000000, 100, 50],
    [0xffffffff, 100, 99],
    [0xffffffff, 2147483647, 2147483646],
    [0x9fe843e0, 100, 62],
    [0xdeadbeef, 0, 0],
  ])('bucket(%d, %d) = %d', (hash, total, expected) => {
    expect(fractionalBucket(hash, total)).toBe(expected);
  });

  it('equals the exact 64-bit computation for every hash and weight (no floating-point drift)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 2147483647 }), (hash, total) => {
        expect(fractionalBucket(hash, total)).toBe(Number((BigInt(hash) * BigInt(total)) >> 32n));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('fractional-v2 golden vectors (MurmurHash3 of the bucketing string, then the bucket)', () => {
  // The flagd-testbed's edge keys were chosen so their hashes land on the boundaries.
  it.each([
    ['ejOoVL', 0x00000000],
    ['bY9fO-', 0x00000001],
    ['SI7p-', 0x7fffffff],
    ['6LvT0', 0x80000000],
    ['ceQdGm', 0xffffffff],
    ['fractional-flagjack', 0x9fe843e0],
    ['new-checkoutuser-1', 0x747a0f51],
  ])('murmur3_32(%j) = %d', (key, hash) => {
    expect(murmur3_32(key)).toBe(hash);
  });

  const doc = compiledOrThrow({
    flags: {
      'new-checkout': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { fractional: [['on', 25], ['off', 75]] },
      },
      half: {
        state: 'ENABLED',
        variants: { lower: 'lower', upper: 'upper' },
        defaultVariant: 'lower',
        targeting: { fractional: [{ var: 'targetingKey' }, ['lower', 50], ['upper', 50]] },
      },
    },
  });

  it.each([
    ['ejOoVL', 'lower'],
    ['SI7p-', 'lower'],
    ['6LvT0', 'upper'],
    ['ceQdGm', 'upper'],
  ])('a 50/50 split by targetingKey puts %j in %j (boundary at 2^31)', (key, variant) => {
    expect(evaluate(doc, 'half', 'string', '', { targetingKey: key }).variant).toBe(variant);
  });

  it('buckets by flagKey + targetingKey when no bucketing expression is given', () => {
    // hash("new-checkoutuser-1") = 0x747a0f51 → bucket 45 of 100 → past "on" (25) → "off"
    expect(evaluate(doc, 'new-checkout', 'boolean', true, { targetingKey: 'user-1' })).toMatchObject({ value: false, variant: 'off', reason: 'TARGETING_MATCH' });
  });

  it('splits 1,000 keys close to the weights (25/75)', () => {
    let on = 0;
    for (let i = 0; i < 1000; i++) if (evaluate(doc, 'new-checkout', 'boolean', false, { targetingKey: `user-${i}` }).value === true) on++;
    expect(on).toBeGreaterThan(200);
    expect(on).toBeLessThan(300);
  });
});

describe('flagd fractional spec: "If the bucketing property expression doesn\'t return a string, a concatenation of the flagKey and targetingKey are used"', () => {
  // Same flag key and weights as the golden vector above: hash("new-checkoutuser-1") → bucket 45 of 100 → "off".
  // No defaultVariant, so a null result (the old behaviour) shows as the caller's default.
  const doc = compiledOrThrow({
    flags: {
      'new-checkout': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: null,
        targeting: { fractional: [{ var: 'email' }, ['on', 25], ['off', 75]] },
      },
    },
  });

  it.each([
    ['missing', {}],
    ['null', { email: null }],
    ['a number', { email: 42 }],
    ['an object', { email: { at: 'example.com' } }],
  ])('a bucketing value that is %s buckets on $flagd.flagKey + targetingKey', (_what, attributes) => {
    expect(evaluate(doc, 'new-checkout', 'boolean', true, { targetingKey: 'user-1', ...attributes })).toMatchObject({ value: false, variant: 'off', reason: 'TARGETING_MATCH' });
  });

  it('agrees with the same split written without a bucketing expression, key for key', () => {
    const plain = compileFlagd({ flags: { 'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: null, targeting: { fractional: [['on', 25], ['off', 75]] } } } });
    if (!plain.ok) throw new Error(JSON.stringify(plain.error));
    for (let i = 0; i < 200; i++) {
      const context = { targetingKey: `user-${i}` };
      expect(evaluate(doc, 'new-checkout', 'boolean', true, context).variant).toBe(evaluate(plain.value, 'new-checkout', 'boolean', true, context).variant);
    }
  });

  it('a string bucketing value is still hashed as given; with neither a string nor a targetingKey: no match', () => {
    // murmur3_32("6LvT0") = 0x80000000 → bucket 50 of 100 → "off"; "ejOoVL" → 0 → "on".
    expect(evaluate(doc, 'new-checkout', 'boolean', true, { targetingKey: 'user-1', email: 'ejOoVL' }).variant).toBe('on');
    expect(evaluate(doc, 'new-checkout', 'boolean', true, {})).toMatchObject({ value: true, variant: undefined, reason: 'DEFAULT' });
  });

  it('explain says why it fell back', () => {
    const result = evaluate(doc, 'new-checkout', 'boolean', true, { targetingKey: 'user-1' }, { explain: true });
    expect(result.trace?.map((s) => s.message)).toContain('fractional: the bucketing value null is not a string: bucketing on $flagd.flagKey + targetingKey');
  });
});

function compiledOrThrow(document: unknown) {
  const compiled = compileFlagd(document);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  return compiled.value;
}
