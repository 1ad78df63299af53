import { describe, expect, it } from 'vitest';
import { compileFlagdWithRollout } from '../../src/rollout/compile-flagd-with-rollout.js';
import { createChangePreview } from '../../src/preview/preview-change.js';
import { staticWarnings } from '../../src/preview/static-warnings.js';
import type { CompiledDocument } from '../../src/types.js';

function compiled(doc: unknown): CompiledDocument {
  const r = compileFlagdWithRollout(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const bool = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' };
const rolloutDoc = (rollout: Record<string, unknown>) => ({ flags: { area: { ...bool, rollout } } });
const population = Array.from({ length: 2000 }, (_, i) => ({ targetingKey: `user-${i}`, orgId: `org-${i % 200}` }));

function preview(a: unknown, b: unknown) {
  const p = createChangePreview(a, compiled(a), b, compiled(b), { now: 0, sampleSize: 3 });
  population.forEach((c, i) => p.add(c, i + 1));
  return p.finish();
}

describe('change preview: counts per flag over a population, without side effects', () => {
  it('a ramp up from 5% to 25% gains access for some and takes it from nobody', () => {
    const r = preview(rolloutDoc({ stage: 'percentage', percentage: 5, bucketBy: 'orgId' }), rolloutDoc({ stage: 'percentage', percentage: 25, bucketBy: 'orgId' }));
    const area = r.flags.find((f) => f.flagKey === 'area')!;
    expect(r.contexts).toBe(2000);
    expect(area.status).toBe('changed');
    expect(area.lost).toBe(0);
    expect(area.gained).toBeGreaterThan(0);
    expect(area.gained).toBe(area.valueChanged);
    expect(area.transitions).toEqual({ 'off -> on': area.gained });
    expect(area.samples).toHaveLength(3);
    expect(area.samples[0]!.before).toEqual({ value: false, variant: 'off', reason: 'TARGETING_MATCH' });
    expect(r.warnings).toEqual([]);
  });

  it('a ramp down warns, with how many contexts lose access', () => {
    const r = preview(rolloutDoc({ stage: 'percentage', percentage: 25 }), rolloutDoc({ stage: 'percentage', percentage: 5 }));
    const area = r.flags.find((f) => f.flagKey === 'area')!;
    expect(area.lost).toBeGreaterThan(0);
    expect(r.warnings).toEqual([{ kind: 'access-removed', flagKey: 'area', message: `ramp takes access away: percentage 25% -> 5%; ${area.lost} of 2000 contexts lose access` }]);
  });

  it('a kill warns that access is taken away', () => {
    const r = preview(rolloutDoc({ stage: 'ga' }), rolloutDoc({ stage: 'ga', killed: true }));
    expect(r.flags[0]!.lost).toBe(2000);
    expect(r.warnings[0]!.message).toContain('killed (admin-only)');
  });

  it('an unchanged document changes nothing', () => {
    const d = rolloutDoc({ stage: 'percentage', percentage: 5 });
    const r = preview(d, d);
    expect(r.flags[0]).toMatchObject({ status: 'unchanged', valueChanged: 0, variantChanged: 0 });
  });

  it('changing the salt or the bucketing attribute of a running rollout warns of re-bucketing', () => {
    const w = staticWarnings(rolloutDoc({ stage: 'percentage', percentage: 5 }), rolloutDoc({ stage: 'percentage', percentage: 5, salt: 'x', bucketBy: 'orgId' }));
    expect(w.map((x) => x.kind)).toEqual(['rebucket', 'rebucket']);
    expect(w[1]!.message).toContain('bucketBy targetingKey -> orgId');
  });
});

describe('change preview: running experiments (fractional)', () => {
  const exp = (split: unknown[]) => ({ flags: { exp: { state: 'ENABLED', variants: { a: 'a', b: 'b', c: 'c' }, defaultVariant: 'a', targeting: { fractional: split } } } });
  it('reordered weights re-bucket', () => {
    const w = staticWarnings(exp([['a', 50], ['b', 50]]), exp([['b', 50], ['a', 50]]));
    expect(w).toHaveLength(1);
    expect(w[0]!.kind).toBe('rebucket');
    expect(w[0]!.message).toContain('order');
    // ... and the population shows it: about half of the contexts swap arms.
    const r = preview(exp([['a', 50], ['b', 50]]), exp([['b', 50], ['a', 50]]));
    expect(r.flags[0]!.variantChanged).toBeGreaterThan(500);
  });
  it('a changed bucketing expression (the seed) re-buckets', () => {
    const w = staticWarnings(exp([['a', 50], ['b', 50]]), exp([{ var: 'orgId' }, ['a', 50], ['b', 50]]));
    expect(w[0]).toMatchObject({ kind: 'rebucket' });
    expect(w[0]!.message).toContain('bucketing expression');
  });
  it('changed weights move contexts between arms', () => {
    const w = staticWarnings(exp([['a', 50], ['b', 50]]), exp([['a', 60], ['b', 40]]));
    expect(w[0]).toMatchObject({ kind: 'reallocation' });
  });
  it('a split reached through $ref is compared too', () => {
    const withRef = (split: unknown[]) => ({ $evaluators: { s: { fractional: split } }, flags: { exp: { state: 'ENABLED', variants: { a: 'a', b: 'b' }, defaultVariant: 'a', targeting: { $ref: 's' } } } });
    expect(staticWarnings(withRef([['a', 1], ['b', 1]]), withRef([['b', 1], ['a', 1]]))[0]?.kind).toBe('rebucket');
  });
});

describe('change preview: prerequisites', () => {
  it('a flag removed while another still requires it', () => {
    const before = { flags: { area: bool, batch: { ...bool, requires: ['area'] } } };
    const after = { flags: { batch: { ...bool, requires: ['area'] } } };
    expect(staticWarnings(before, after)).toEqual([
      { kind: 'removed-but-required', flagKey: 'area', message: 'flag "area" is removed but "batch" still requires it (the new document will not load)' },
    ]);
  });
  it('a parent removed together with the requirement: the child is no longer gated', () => {
    const before = { flags: { area: bool, batch: { ...bool, requires: ['area'] } } };
    const after = { flags: { batch: bool } };
    expect(staticWarnings(before, after)[0]).toMatchObject({ kind: 'prerequisite-dropped', flagKey: 'batch' });
  });
  it('a child whose own definition is unchanged is "changed" when its parent changed', () => {
    const before = { flags: { area: { ...bool, rollout: { stage: 'admin' } }, batch: { ...bool, rollout: { stage: 'ga' }, requires: ['area'] } } };
    const after = { flags: { area: { ...bool, rollout: { stage: 'ga' } }, batch: { ...bool, rollout: { stage: 'ga' }, requires: ['area'] } } };
    const r = preview(before, after);
    const batch = r.flags.find((f) => f.flagKey === 'batch')!;
    expect(batch.status).toBe('changed');
    expect(batch.gained).toBe(2000);
  });
});
