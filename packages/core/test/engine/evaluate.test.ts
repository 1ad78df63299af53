// evaluate / evaluateAll / toResolutionDetails / diffDocuments: reasons, error codes, metadata.
import { describe, expect, it } from 'vitest';
import { compileFlagd, diffDocuments, documentHash, evaluate, evaluateAll, toResolutionDetails, type CompiledDocument } from '@rollgate/core';

function compiled(document: unknown): CompiledDocument {
  const result = compileFlagd(document);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const doc = compiled({
  metadata: { flagSetId: 'checkout', version: '3' },
  flags: {
    static: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on', metadata: { version: 4, owner: 'web' } },
    targeted: {
      state: 'ENABLED',
      variants: { a: 'A', b: 'B' },
      defaultVariant: 'a',
      targeting: { if: [{ ends_with: [{ var: 'email' }, '@example.com'] }, 'b'] },
    },
    'no-default': { state: 'ENABLED', variants: { a: 1, b: 2 }, targeting: { if: [{ '==': [{ var: 'n' }, 2] }, 'b'] } },
    'no-default-static': { state: 'ENABLED', variants: { a: 1 }, defaultVariant: null },
    off: { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
    object: { state: 'ENABLED', variants: { cfg: { limits: [1, 2] } }, defaultVariant: 'cfg' },
    'flag-key': { state: 'ENABLED', variants: { yes: 'yes', no: 'no' }, defaultVariant: 'no', targeting: { if: [{ '==': [{ var: '$flagd.flagKey' }, 'flag-key'] }, 'yes', 'no'] } },
    clock: { state: 'ENABLED', variants: { before: 'before', after: 'after' }, defaultVariant: 'before', targeting: { if: [{ '>=': [{ var: '$flagd.timestamp' }, 1_800_000_000] }, 'after', 'before'] } },
    math: { state: 'ENABLED', variants: { a: 'a' }, defaultVariant: 'a', targeting: { if: [{ '>': [{ '/': [{ var: 'x' }, { var: 'y' }] }, 1] }, 'a'] } },
    'variant-from-context': { state: 'ENABLED', variants: { a: 'a' }, defaultVariant: 'a', targeting: { var: 'pick' } },
  },
});

describe('reasons', () => {
  it('STATIC: no targeting, the default variant', () => {
    expect(evaluate(doc, 'static', 'boolean', false, {})).toEqual({ ok: true, value: true, variant: 'on', reason: 'STATIC', flagMetadata: { flagSetId: 'checkout', version: 4, owner: 'web' } });
  });
  it('TARGETING_MATCH: a rule chose a variant', () => {
    expect(evaluate(doc, 'targeted', 'string', 'z', { email: 'ana@example.com' })).toMatchObject({ value: 'B', variant: 'b', reason: 'TARGETING_MATCH' });
  });
  it('DEFAULT: no rule matched, the default variant', () => {
    expect(evaluate(doc, 'targeted', 'string', 'z', { email: 'ana@other.org' })).toMatchObject({ value: 'A', variant: 'a', reason: 'DEFAULT' });
  });
  it("DEFAULT without a defaultVariant: the caller's default, no variant", () => {
    const r = evaluate(doc, 'no-default', 'number', 42, { n: 1 });
    expect(r).toEqual({ ok: true, value: 42, variant: undefined, reason: 'DEFAULT', flagMetadata: { flagSetId: 'checkout', version: '3' } });
    expect(evaluate(doc, 'no-default', 'number', 42, { n: 2 })).toMatchObject({ value: 2, reason: 'TARGETING_MATCH' });
    expect(evaluate(doc, 'no-default-static', 'number', 42, {})).toMatchObject({ value: 42, reason: 'DEFAULT' });
  });
  it("DISABLED: the caller's default, no variant", () => {
    expect(evaluate(doc, 'off', 'boolean', false, {})).toEqual({ ok: true, value: false, variant: undefined, reason: 'DISABLED', flagMetadata: { flagSetId: 'checkout', version: '3' } });
  });
});

describe('errors', () => {
  it('FLAG_NOT_FOUND carries the flag-set metadata', () => {
    expect(evaluate(doc, 'nope', 'boolean', true, {})).toEqual({
      ok: false,
      value: true,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: 'flag "nope" not found',
      flagMetadata: { flagSetId: 'checkout', version: '3' },
    });
  });
  it('TYPE_MISMATCH when the asked type differs from the flag type, even for a disabled flag', () => {
    expect(evaluate(doc, 'targeted', 'number', 1, {})).toMatchObject({ ok: false, value: 1, errorCode: 'TYPE_MISMATCH' });
    expect(evaluate(doc, 'off', 'string', 'x', {})).toMatchObject({ ok: false, errorCode: 'TYPE_MISMATCH' });
  });
  it('GENERAL when targeting names a variant the flag does not have', () => {
    expect(evaluate(doc, 'variant-from-context', 'string', 'd', { pick: 'zzz' })).toMatchObject({ ok: false, value: 'd', errorCode: 'GENERAL' });
    expect(evaluate(doc, 'variant-from-context', 'string', 'd', { pick: { obj: 1 } })).toMatchObject({ ok: false, errorCode: 'GENERAL' });
  });
  it('GENERAL when a rule fails (division by zero), never a throw', () => {
    expect(evaluate(doc, 'math', 'string', 'd', { x: 1, y: 0 })).toMatchObject({ ok: false, value: 'd', errorCode: 'GENERAL' });
  });
  it('never throws, even for a context whose getters throw', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); } });
    expect(evaluate(doc, 'targeted', 'string', 'd', hostile)).toMatchObject({ ok: false, value: 'd', errorCode: 'GENERAL' });
  });
});

describe('context enrichment', () => {
  it('$flagd.flagKey is the evaluated flag', () => {
    expect(evaluate(doc, 'flag-key', 'string', '', {}).value).toBe('yes');
  });
  it('$flagd.timestamp is the evaluation time in seconds (options.now)', () => {
    expect(evaluate(doc, 'clock', 'string', '', {}, { now: 1_799_999_999_000 }).value).toBe('before');
    expect(evaluate(doc, 'clock', 'string', '', {}, { now: 1_800_000_000_000 }).value).toBe('after');
  });
});

describe('values', () => {
  it('object values are frozen copies: a caller cannot corrupt the flag', () => {
    const v = evaluate(doc, 'object', 'object', {}, {}).value as { limits: number[] };
    expect(Object.isFrozen(v) && Object.isFrozen(v.limits)).toBe(true);
    expect(() => v.limits.push(3)).toThrow();
    expect(evaluate(doc, 'object', 'object', {}, {}).value).toEqual({ limits: [1, 2] });
  });
});

describe('evaluateAll', () => {
  it("resolves every flag with its own type; null value and no variant where the caller's default applies", () => {
    const all = evaluateAll(doc, { email: 'a@example.com' });
    expect([...all.keys()]).toEqual([...doc.flags.keys()]);
    expect(all.get('targeted')).toMatchObject({ value: 'B', variant: 'b', reason: 'TARGETING_MATCH' });
    expect(all.get('off')).toMatchObject({ value: null, variant: undefined, reason: 'DISABLED' });
    expect(all.get('static')).toMatchObject({ value: true, reason: 'STATIC' });
  });

  it('lists flags as the README says: integer-like keys first (ascending), then the others in document order', () => {
    const compiled = compileFlagd(JSON.parse('{"flags":{"b":{"state":"ENABLED","variants":{"on":true},"defaultVariant":"on"},"42":{"state":"ENABLED","variants":{"on":true},"defaultVariant":"on"},"a":{"state":"ENABLED","variants":{"on":true},"defaultVariant":"on"},"7":{"state":"ENABLED","variants":{"on":true},"defaultVariant":"on"}}}'));
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
    expect([...evaluateAll(compiled.value, {}).keys()]).toEqual(['7', '42', 'b', 'a']);
  });
});

describe('toResolutionDetails', () => {
  it('maps to OpenFeature ResolutionDetails, leaving out empty fields', () => {
    expect(toResolutionDetails(evaluate(doc, 'static', 'boolean', false, {}))).toEqual({ value: true, variant: 'on', reason: 'STATIC', flagMetadata: { flagSetId: 'checkout', version: 4, owner: 'web' } });
    const off = toResolutionDetails(evaluate(doc, 'off', 'boolean', false, {}));
    expect(off).toEqual({ value: false, reason: 'DISABLED', flagMetadata: { flagSetId: 'checkout', version: '3' } });
    expect('variant' in off).toBe(false);
    expect(toResolutionDetails(evaluate(doc, 'nope', 'boolean', false, {}, { explain: true }))).toEqual({
      value: false,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: 'flag "nope" not found',
      flagMetadata: { flagSetId: 'checkout', version: '3' },
    });
  });
});

describe('documentHash and diffDocuments', () => {
  it('documentHash ignores key order and whitespace, and changes with any value', () => {
    expect(documentHash({ b: 1, a: [true, { y: 2, x: 1 }] })).toBe(documentHash(JSON.parse('{ "a": [true, {"x":1,"y":2}], "b": 1 }')));
    expect(documentHash({ a: 1 })).not.toBe(documentHash({ a: 2 }));
    expect(documentHash({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
  });
  it('lists added, removed and changed flags; a changed $evaluators entry changes the flags using it', () => {
    const base = {
      flags: {
        keep: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' },
        uses: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting: { if: [{ $ref: 'vip' }, 'on'] } },
        gone: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' },
      },
      $evaluators: { vip: { in: [{ var: 'email' }, ['a@x.io']] } },
    };
    const next = {
      $evaluators: { vip: { in: [{ var: 'email' }, ['a@x.io', 'b@x.io']] } },
      flags: {
        uses: base.flags.uses,
        keep: { defaultVariant: 'on', variants: { on: true }, state: 'ENABLED' },
        fresh: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' },
      },
    };
    expect(diffDocuments(compiled(base), compiled(next))).toEqual({ added: ['fresh'], removed: ['gone'], changed: ['uses'] });
    expect(diffDocuments(compiled(base), compiled(base))).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('the fast path shares results', () => {
  it('returns one frozen result object per (flag, variant, reason), so evaluation allocates nothing', () => {
    const a = evaluate(doc, 'targeted', 'string', 'z', { email: 'ana@example.com' });
    const b = evaluate(doc, 'targeted', 'string', 'other', { email: 'bo@example.com' });
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    // The caller's default cannot be shared: DISABLED and no-variant results are fresh objects.
    expect(evaluate(doc, 'off', 'boolean', true, {})).not.toBe(evaluate(doc, 'off', 'boolean', true, {}));
    // Explained results carry their own trace.
    expect(evaluate(doc, 'targeted', 'string', 'z', { email: 'ana@example.com' }, { explain: true })).not.toBe(a);
  });
});

describe('variant lookup', () => {
  it('a rule naming an inherited property ("toString", "__proto__") is an unknown variant, not a prototype hit', () => {
    for (const pick of ['toString', '__proto__', 'constructor']) {
      expect(evaluate(doc, 'variant-from-context', 'string', 'd', { pick })).toMatchObject({ ok: false, value: 'd', errorCode: 'GENERAL' });
    }
  });
});
