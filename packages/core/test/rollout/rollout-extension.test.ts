// The rollout extension is opt-in for compileFlagd (so browsers that do not use it do not ship it),
// and always on for compileFlagdWithRollout (what the CLI and the server provider call).
import { describe, expect, it } from 'vitest';
import { compileFlagd, compileFlagdWithRollout, evaluate, rolloutExtension } from '@rollgate/core';

const bool = { variants: { on: true, off: false }, defaultVariant: 'off' };
const doc = {
  flags: {
    area: { state: 'ENABLED', ...bool, rollout: { stage: 'admin' } },
    batch: { state: 'ENABLED', ...bool, rollout: { stage: 'ga' }, requires: ['area'] },
    plain: { state: 'ENABLED', ...bool },
  },
};

describe('compileFlagd without the rollout extension rejects rollout and requires at their paths', () => {
  it('names the flag, the key, and how to turn the extension on', () => {
    const r = compileFlagd(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual([
      {
        path: '$.flags.area.rollout',
        flagKey: 'area',
        message: 'flag "area" uses a "rollout" block, which needs the rollout extension: compileFlagd(doc, { extensions: [rolloutExtension] })',
      },
      {
        path: '$.flags.batch.requires',
        flagKey: 'batch',
        message: 'flag "batch" uses "requires", which needs the rollout extension: compileFlagd(doc, { extensions: [rolloutExtension] })',
      },
      {
        path: '$.flags.batch.rollout',
        flagKey: 'batch',
        message: 'flag "batch" uses a "rollout" block, which needs the rollout extension: compileFlagd(doc, { extensions: [rolloutExtension] })',
      },
    ]);
  });

  it('a wrapper names its own way to turn it on (extensionHint)', () => {
    const r = compileFlagd({ flags: { area: doc.flags.area } }, { extensionHint: 'pass --rollout' });
    expect(r.ok ? [] : r.error.map((i) => i.message)).toEqual(['flag "area" uses a "rollout" block, which needs the rollout extension: pass --rollout']);
  });

  it('a flag with both targeting and rollout is still reported as such', () => {
    const r = compileFlagd({ flags: { f: { ...doc.flags.area, targeting: { if: [true, 'on', 'off'] } } } });
    expect(r.ok ? [] : r.error.map((i) => i.message)).toEqual(['a flag has either targeting or rollout, not both']);
  });

  it('plain flagd documents compile the same with or without it', () => {
    const plain = { flags: { plain: doc.flags.plain } };
    const without = compileFlagd(plain);
    const withIt = compileFlagd(plain, { extensions: [rolloutExtension] });
    expect(without.ok && withIt.ok).toBe(true);
    if (!without.ok || !withIt.ok) return;
    expect(without.value.flags.get('plain')?.sourceHash).toBe(withIt.value.flags.get('plain')?.sourceHash);
  });
});

describe('with the rollout extension, rollout and requires evaluate', () => {
  for (const [name, compile] of [
    ['compileFlagd(doc, { extensions: [rolloutExtension] })', (d: unknown) => compileFlagd(d, { extensions: [rolloutExtension] })],
    ['compileFlagdWithRollout(doc)', (d: unknown) => compileFlagdWithRollout(d)],
  ] as const) {
    it(name, () => {
      const r = compile(doc);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      expect(evaluate(r.value, 'area', 'boolean', false, { targetingKey: 'root', isAdmin: true })).toMatchObject({ value: true, variant: 'on' });
      expect(evaluate(r.value, 'area', 'boolean', true, { targetingKey: 'user-1' })).toMatchObject({ value: false, variant: 'off' });
      // batch is at GA but requires area: on for admins only.
      expect(evaluate(r.value, 'batch', 'boolean', false, { targetingKey: 'root', isAdmin: true })).toMatchObject({ value: true, variant: 'on' });
      expect(evaluate(r.value, 'batch', 'boolean', true, { targetingKey: 'user-1' })).toMatchObject({ value: false, variant: 'off', flagMetadata: { requires: 'area' } });
    });
  }

  it('compileFlagdWithRollout keeps the other options (compatibility, limits)', () => {
    const unknownOperator = { flags: { f: { ...doc.flags.plain, targeting: { if: [{ nope: [1] }, 'on', 'off'] } } } };
    expect(compileFlagdWithRollout(unknownOperator).ok).toBe(false);
    expect(compileFlagdWithRollout(unknownOperator, { compatibility: 'flagd' }).ok).toBe(true);
  });
});
