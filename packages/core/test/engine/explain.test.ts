// explain: a trace a person can read — which branch matched, on which attribute and value,
// the $ref used, and fractional's bucket and weights.
import { describe, expect, it } from 'vitest';
import { compileFlagd, evaluate, type CompiledDocument } from '@rollgate/core';

const doc: CompiledDocument = (() => {
  const result = compileFlagd({
    flags: {
      'new-checkout': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { if: [{ $ref: 'staff' }, 'on', { fractional: [['on', 25], ['off', 75]] }] },
      },
      version: {
        state: 'ENABLED',
        variants: { new: 'new', old: 'old' },
        defaultVariant: 'old',
        targeting: { if: [{ sem_ver: [{ var: 'app.version' }, '>=', '2.1.0'] }, 'new'] },
      },
    },
    $evaluators: { staff: { ends_with: [{ var: 'email' }, '@example.com'] } },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
})();

describe('explain', () => {
  it('traces the $ref, the failed condition with its attribute and value, and the fractional bucket', () => {
    const r = evaluate(doc, 'new-checkout', 'boolean', false, { targetingKey: 'user-1', email: 'ana@other.org' }, { explain: true });
    expect(r.value).toBe(false);
    expect(r.trace?.map((s) => [s.path, s.message])).toEqual([
      ['$.flags.new-checkout.targeting.if[0].$ref', 'uses $evaluators.staff'],
      ['$.$evaluators.staff.ends_with', 'email ("ana@other.org") ends with "@example.com": false'],
      ['$.flags.new-checkout.targeting.if[0]', 'if: condition 1 is false (false)'],
      ['$.flags.new-checkout.targeting.if[2]', 'if: no condition matched, taking the else branch'],
      [
        '$.flags.new-checkout.targeting.if[2].fractional',
        'fractional (fractional-v2) on $flagd.flagKey + targetingKey = "new-checkoutuser-1": hash 1954156369, bucket 45 of 100; weights on:25 off:75 → "off"',
      ],
      ['$.flags.new-checkout', 'targeting chose variant "off"'],
    ]);
    expect(r.trace?.[4]?.data).toEqual({
      algorithm: 'fractional-v2',
      hash: 1954156369,
      bucket: 45,
      totalWeight: 100,
      weights: { on: 25, off: 75 },
      buckets: [['on', 25], ['off', 75]],
      variant: 'off',
    });
  });

  it('traces the matched branch', () => {
    const r = evaluate(doc, 'new-checkout', 'boolean', false, { targetingKey: 'user-1', email: 'ana@example.com' }, { explain: true });
    expect(r.trace?.map((s) => s.message)).toEqual([
      'uses $evaluators.staff',
      'email ("ana@example.com") ends with "@example.com": true',
      'if: condition 1 is true (true), taking $.flags.new-checkout.targeting.if[1]',
      'targeting chose variant "on"',
    ]);
  });

  it('traces a missing attribute and the fall back to the default variant', () => {
    const r = evaluate(doc, 'version', 'string', '', {}, { explain: true });
    expect(r).toMatchObject({ value: 'old', reason: 'DEFAULT' });
    expect(r.trace?.map((s) => s.message)).toEqual([
      'sem_ver: app.version (null) is not a version: null',
      'if: condition 1 is false (null)',
      'if: no condition matched and there is no else: null',
      'targeting matched no variant: the default variant "old"',
    ]);
  });

  it('leaves the trace out unless asked, and gives the same answer either way', () => {
    const ctx = { targetingKey: 'user-9', email: 'x@y.z' };
    const plain = evaluate(doc, 'new-checkout', 'boolean', false, ctx);
    const explained = evaluate(doc, 'new-checkout', 'boolean', false, ctx, { explain: true });
    expect('trace' in plain).toBe(false);
    expect({ ...explained, trace: undefined }).toEqual({ ...plain, trace: undefined });
  });

  it('explains a TYPE_MISMATCH', () => {
    expect(evaluate(doc, 'version', 'number', 0, {}, { explain: true }).trace?.[0]?.message).toBe('flag "version" is a string flag, asked for number');
  });
});
