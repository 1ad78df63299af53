import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  analyzeExperiment,
  loadEvents,
  openDatabase,
  InputError,
  wilsonInterval,
  twoProportionZTest,
  welchTTest,
  type AnalysisDb,
  type ConversionResult,
  type ContinuousResult,
  type RatioResult,
} from '@rollgate/analysis';
import { scratchDir, writeLines } from '../ingest/fixtures.js';

const dir = scratchDir();
let db: AnalysisDb;
let seq = 0;
beforeEach(async () => {
  db = await openDatabase();
});
afterEach(() => db.close());

const T0 = Date.parse('2024-05-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
function ev(event: string, distinctId: string, minutes: number, properties: Record<string, unknown> = {}): string {
  return JSON.stringify({ uuid: `e${++seq}`, event, distinct_id: distinctId, timestamp: at(minutes), properties });
}
const exposure = (id: string, minutes: number, variant: string, extra: Record<string, unknown> = {}) =>
  ev('$feature_flag_called', id, minutes, { $feature_flag: 'checkout', $feature_flag_response: variant, ...extra });

/**
 * control: c0..c9 exposed at t=0; c0, c1, c2 sign up at t=30 min; c3 signed up BEFORE its
 * exposure (not a conversion); c4 signs up after 3 days (a conversion only without a window).
 * test: t0..t9 exposed at t=10 (t0 again at t=20, same variant: still one unit); t0..t5 sign up
 * at t=60. Unit x1 is exposed to both variants: excluded and counted.
 */
function fixture(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 10; i++) lines.push(exposure(`c${i}`, 0, 'control'), exposure(`t${i}`, 10, 'test'));
  lines.push(exposure('t0', 20, 'test'));
  for (const id of ['c0', 'c1', 'c2']) lines.push(ev('signup', id, 30));
  lines.push(ev('signup', 'c3', -5));
  lines.push(ev('signup', 'c4', 3 * 24 * 60));
  for (let i = 0; i < 6; i++) lines.push(ev('signup', `t${i}`, 60));
  lines.push(exposure('x1', 0, 'control'), exposure('x1', 5, 'test'), ev('signup', 'x1', 30));
  lines.push(ev('$feature_flag_called', 'y1', 0, { $feature_flag: 'other', $feature_flag_response: 'a' }));
  return lines;
}

describe('experiment model: exposure, conversion, exclusions', () => {
  it('a unit converts on the metric event after its first exposure, within the window', async () => {
    await loadEvents(db, [writeLines(dir, 'exp.jsonl', fixture())]);
    const [noWindow] = (await analyzeExperiment(db, { flag: 'checkout', metrics: [{ kind: 'conversion', event: 'signup' }] })) as ConversionResult[];
    expect(noWindow!.variants.map((v) => [v.variant, v.units, v.conversions])).toEqual([
      ['control', 10, 4],
      ['test', 10, 6],
    ]);
    const [week] = (await analyzeExperiment(db, {
      flag: 'checkout',
      metrics: [{ kind: 'conversion', event: 'signup' }],
      windowSeconds: 24 * 3600,
    })) as ConversionResult[];
    expect(week!.variants.map((v) => v.conversions)).toEqual([3, 6]);
  });

  it('units seen in more than one variant are excluded, counted, and warned about at >= 1% of >= 10 units', async () => {
    await loadEvents(db, [writeLines(dir, 'exp2.jsonl', fixture())]);
    const [r] = await analyzeExperiment(db, { flag: 'checkout', metrics: [{ kind: 'conversion', event: 'signup' }] });
    expect(r!.excluded.multiVariantUnits).toBe(1);
    expect(r!.exposedUnits).toBe(21);
    expect(r!.warnings.some((w) => w.includes('1 of 21 exposed units'))).toBe(true);
  });

  it('a metric event no exposed unit ever did (e.g. a misspelt --metric) is warned about, naming the event', async () => {
    await loadEvents(db, [writeLines(dir, 'exp-typo.jsonl', fixture())]);
    const [typo] = await analyzeExperiment(db, { flag: 'checkout', metrics: [{ kind: 'conversion', event: 'sign_up' }] });
    expect(typo!.warnings).toContain("no exposed unit did 'sign_up' in any variant: check the metric event name and the window");
    const [real] = await analyzeExperiment(db, { flag: 'checkout', metrics: [{ kind: 'conversion', event: 'signup' }] });
    expect(real!.warnings.some((w) => w.startsWith('no exposed unit did'))).toBe(false);
  });

  it.each([
    [9, 1, false], // fewer than 10 exposed units: no warning yet
    [100, 1, true], // exactly 1%
    [101, 1, false], // just under 1%
  ])('health warning rule: %i exposed units with %i in several variants -> warning %s', async (units, multi, warned) => {
    const lines: string[] = [];
    for (let i = 0; i < units - multi; i++) lines.push(exposure(`h${i}`, 0, i % 2 === 0 ? 'control' : 'test'));
    for (let i = 0; i < multi; i++) lines.push(exposure(`m${i}`, 0, 'control'), exposure(`m${i}`, 1, 'test'));
    await loadEvents(db, [writeLines(dir, `health-${units}.jsonl`, lines)]);
    const [r] = await analyzeExperiment(db, { flag: 'checkout', metrics: [{ kind: 'conversion', event: 'signup' }] });
    expect(r!.exposedUnits).toBe(units);
    expect(r!.excluded.multiVariantUnits).toBe(multi);
    expect(r!.warnings.some((w) => w.includes('seen in more than one variant'))).toBe(warned);
  });

  it('per-variant statistics are the stats functions applied to the SQL counts (control = control)', async () => {
    await loadEvents(db, [writeLines(dir, 'exp3.jsonl', fixture())]);
    const [r] = (await analyzeExperiment(db, {
      flag: 'checkout',
      metrics: [{ kind: 'conversion', event: 'signup' }],
      windowSeconds: 86400,
      weights: { control: 50, test: 50 },
    })) as ConversionResult[];
    const [control, test] = r!.variants;
    expect(control!.rate).toBeCloseTo(0.3, 12);
    expect(control!.rateCI).toEqual(wilsonInterval(3, 10));
    expect(control!).not.toHaveProperty('absoluteLift');
    expect(test!.absoluteLift).toBeCloseTo(0.3, 12);
    expect(test!.relativeLift).toBeCloseTo(1, 12);
    expect(test!.pValue).toBe(twoProportionZTest(3, 10, 6, 10).pValue);
    expect(test!.chanceToBeatControl).toBeGreaterThan(0.5);
    expect(r!.srm).toMatchObject({ chi2: 0, pValue: 1, df: 1 });
  });

  it('SRM is tested against the configured weights; a configured arm with no units appears with 0', async () => {
    await loadEvents(db, [writeLines(dir, 'exp4.jsonl', fixture())]);
    const [r] = (await analyzeExperiment(db, {
      flag: 'checkout',
      metrics: [{ kind: 'conversion', event: 'signup' }],
      weights: { control: 90, test: 10, holdout: 5 },
    })) as ConversionResult[];
    expect(r!.variants.map((v) => v.variant)).toEqual(['control', 'holdout', 'test']);
    expect(r!.variants.find((v) => v.variant === 'holdout')).toMatchObject({ units: 0, rate: null, pValue: null });
    const expected = [20 * (90 / 105), 20 * (10 / 105), 20 * (5 / 105)];
    const chi2 = [10, 10, 0].reduce((a, o, i) => a + (o - expected[i]!) ** 2 / expected[i]!, 0);
    expect(r!.srm!.chi2).toBeCloseTo(chi2, 10);
    expect(r!.warnings.some((w) => w.startsWith('sample-ratio mismatch'))).toBe(true);
  });

  // (any property name: quotes, dots, '/' and '~' too, which a '$."name"' JSON path could not carry)
  it.each(['orgId', 'org "id"', 'org.id/~1'])('the unit can be a property (%s): exposure and conversion are per org', async (unit) => {
    const lines = [
      exposure('u1', 0, 'control', { [unit]: 'o1' }),
      exposure('u2', 1, 'control', { [unit]: 'o1' }),
      exposure('u3', 0, 'test', { [unit]: 'o2' }),
      exposure('u4', 0, 'test', { [unit]: 'o3' }),
      exposure('u5', 0, 'test'), // no unit property: ignored and counted
      exposure('u6', 0, 'control', { [unit]: '' }), // an empty id is no unit either (not one unit of all empties)
      exposure('u7', 0, 'test', { [unit]: '' }),
      exposure('u8', 0, 'test', { [unit]: null }),
      ev('signup', 'u6', 5, { [unit]: '' }),
      ev('signup', 'u9', 5, { [unit]: 'o2' }),
      ev('signup', 'u2', 5, { [unit]: 'o1' }),
    ];
    await loadEvents(db, [writeLines(dir, 'org.jsonl', lines)]);
    const [r] = (await analyzeExperiment(db, { flag: 'checkout', unit, metrics: [{ kind: 'conversion', event: 'signup' }] })) as ConversionResult[];
    expect(r!.unit).toBe(unit);
    expect(r!.variants.map((v) => [v.variant, v.units, v.conversions])).toEqual([
      ['control', 1, 1],
      ['test', 2, 1],
    ]);
    expect(r!.excluded.exposuresWithoutUnit).toBe(4);
    expect(r!.excluded.multiVariantUnits).toBe(0);
  });

  it('continuous metric: per-unit sum (0 without events) and mean (units with a value), Welch against control', async () => {
    const lines = [
      exposure('a1', 0, 'control'), exposure('a2', 0, 'control'), exposure('a3', 0, 'control'),
      exposure('b1', 0, 'test'), exposure('b2', 0, 'test'), exposure('b3', 0, 'test'),
      ev('purchase', 'a1', 1, { revenue: 10 }), ev('purchase', 'a1', 2, { revenue: 20 }), ev('purchase', 'a2', 1, { revenue: 5 }),
      ev('purchase', 'b1', 1, { revenue: 40 }), ev('purchase', 'b2', 1, { revenue: '12.5' }), ev('purchase', 'b3', 1, { revenue: 'n/a' }),
      ev('purchase', 'b3', 2, { revenue: 30 }),
    ];
    await loadEvents(db, [writeLines(dir, 'rev.jsonl', lines)]);
    const [sum, mean] = (await analyzeExperiment(db, {
      flag: 'checkout',
      metrics: [
        { kind: 'continuous', event: 'purchase', property: 'revenue', aggregate: 'sum' },
        { kind: 'continuous', event: 'purchase', property: 'revenue', aggregate: 'mean' },
      ],
    })) as ContinuousResult[];
    // sum per unit: control (30, 5, 0), test (40, 12.5, 30)
    expect(sum!.variants.map((v) => [v.units, v.mean])).toEqual([[3, 35 / 3], [3, 82.5 / 3]]);
    expect(sum!.variants[1]!.nonNumericValues).toBe(1);
    const summary = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return { n: xs.length, mean: m, variance: xs.reduce((a, v) => a + (v - m) ** 2, 0) / (xs.length - 1) };
    };
    const welch = welchTTest(summary([40, 12.5, 30]), summary([30, 5, 0]));
    expect(sum!.variants[1]!.pValue).toBeCloseTo(welch.pValue, 10);
    expect(sum!.variants[1]!.absoluteLiftCI![0]).toBeCloseTo(welch.interval[0], 8);
    // mean per unit: control (15, 5) [a3 has none], test (40, 12.5, 30)
    expect(mean!.variants.map((v) => [v.units, v.unitsWithoutValue])).toEqual([[2, 1], [3, 0]]);
    expect(mean!.variants[0]!.mean).toBeCloseTo(10, 12);
    // two comparisons in the run: Holm doubles the smaller p-value
    const ps = [sum!.variants[1]!.pValue!, mean!.variants[1]!.pValue!];
    expect(Math.min(sum!.variants[1]!.adjustedPValue!, mean!.variants[1]!.adjustedPValue!)).toBeCloseTo(Math.min(1, 2 * Math.min(...ps)), 12);
  });

  it('continuous metric: a property no metric event carries (e.g. a misspelt --value) is warned about, naming it', async () => {
    const lines = [
      exposure('a1', 0, 'control'), exposure('a2', 0, 'control'), exposure('b1', 0, 'test'), exposure('b2', 0, 'test'),
      ev('purchase', 'a1', 1, { revenue: 10 }), ev('purchase', 'b1', 1, { revenue: 40 }), ev('purchase', 'b2', 1, { revenue: 0 }),
    ];
    await loadEvents(db, [writeLines(dir, 'rev-typo.jsonl', lines)]);
    const warning = "no exposed unit has a non-zero numeric 'revenu' on 'purchase' in any variant: check the property name, the metric event name and the window";
    for (const aggregate of ['sum', 'mean'] as const) {
      const [typo] = await analyzeExperiment(db, { flag: 'checkout', metrics: [{ kind: 'continuous', event: 'purchase', property: 'revenu', aggregate }] });
      expect(typo!.warnings).toContain(warning);
      const [real] = await analyzeExperiment(db, { flag: 'checkout', metrics: [{ kind: 'continuous', event: 'purchase', property: 'revenue', aggregate }] });
      expect(real!.warnings.some((w) => w.startsWith('no exposed unit has'))).toBe(false);
    }
  });

  it('continuous metric: a variant with one unit has no variance, so no lift interval (not one that treats its mean as exact)', async () => {
    // mean per unit: control c1 = 10 alone (R: var(10) is NA, t.test stops on "not enough 'y'
    // observations"); test 10..14. Welch has no answer, and neither has the relative lift's variance.
    const lines = [exposure('c1', 0, 'control'), ev('purchase', 'c1', 1, { revenue: 10 })];
    for (let i = 0; i < 5; i++) lines.push(exposure(`t${i}`, 0, 'test'), ev('purchase', `t${i}`, 1, { revenue: 10 + i }));
    await loadEvents(db, [writeLines(dir, 'one-control-unit.jsonl', lines)]);
    const [r] = (await analyzeExperiment(db, {
      flag: 'checkout',
      metrics: [{ kind: 'continuous', event: 'purchase', property: 'revenue', aggregate: 'mean' }],
    })) as ContinuousResult[];
    expect(r!.variants.map((v) => [v.variant, v.units, v.mean])).toEqual([['control', 1, 10], ['test', 5, 12]]);
    const test = r!.variants[1]!;
    expect(test).toMatchObject({ absoluteLift: null, absoluteLiftCI: null, pValue: null });
    expect(test.relativeLiftCI).toBeNull();
    expect(test.relativeLift).toBeNull();
    expect(r!.warnings.some((w) => w.startsWith('test vs control relative lift:'))).toBe(true);
  });

  it('ratio metric: sum(X)/sum(Y) over units with X, Y per unit', async () => {
    const lines = [
      exposure('a1', 0, 'control'), exposure('a2', 0, 'control'), exposure('a3', 0, 'control'),
      exposure('b1', 0, 'test'), exposure('b2', 0, 'test'), exposure('b3', 0, 'test'),
      ev('session', 'a1', 1), ev('session', 'a1', 2), ev('session', 'a2', 1), ev('session', 'a3', 1),
      ev('click', 'a1', 1), ev('click', 'a2', 1),
      ev('session', 'b1', 1), ev('session', 'b2', 1), ev('session', 'b3', 1), ev('session', 'b3', 3),
      ev('click', 'b1', 1), ev('click', 'b2', 1), ev('click', 'b3', 1), ev('click', 'b3', 4),
    ];
    await loadEvents(db, [writeLines(dir, 'ratio.jsonl', lines)]);
    const [r] = (await analyzeExperiment(db, { flag: 'checkout', metrics: [{ kind: 'ratio', event: 'click', denominatorEvent: 'session' }] })) as RatioResult[];
    expect(r!.metric).toBe('click/session');
    expect(r!.variants.map((v) => [v.numerator, v.denominator, v.ratio])).toEqual([[2, 4, 0.5], [4, 4, 1]]);
    expect(r!.variants[1]!.absoluteLift).toBeCloseTo(0.5, 12);
  });

  it("PostHog's false for a multivariate flag that matched nothing names no variant, for every metric kind (a rollout ramp)", async () => {
    const lines = [
      exposure('r1', 0, 'x', { $feature_flag_response: false }), exposure('r1', 60, 'test'), // outside the 5%, then in
      exposure('r2', 0, 'x', { $feature_flag_response: false }), // never in the experiment
      exposure('r3', 0, 'control'), exposure('r4', 0, 'test'), exposure('r5', 0, 'control'),
      ev('signup', 'r1', 30, { amount: 5 }), ev('signup', 'r1', 90, { amount: 7 }), ev('signup', 'r2', 10, { amount: 1 }), ev('signup', 'r3', 10, { amount: 2 }),
    ];
    await loadEvents(db, [writeLines(dir, 'ramp.jsonl', lines)]);
    const metrics = [
      { kind: 'conversion', event: 'signup' },
      { kind: 'continuous', event: 'signup', property: 'amount', aggregate: 'sum' },
      { kind: 'ratio', event: 'signup', property: 'amount', denominatorEvent: '$feature_flag_called' },
    ] as const;
    const results = await analyzeExperiment(db, { flag: 'checkout', metrics: [...metrics] });
    for (const r of results) {
      expect(r.variants.map((v) => [v.variant, v.units])).toEqual([['control', 2], ['test', 2]]);
      expect(r.excluded).toMatchObject({ multiVariantUnits: 0, exposuresWithoutVariant: 2 });
    }
    // r1 converts only after its exposure to test (the signup at 30 min came before it)
    expect((results[0] as ConversionResult).variants.map((v) => v.conversions)).toEqual([1, 1]);
    expect((results[1] as ContinuousResult).variants[1]!.mean).toBeCloseTo((7 + 0) / 2, 12);
  });

  it('when every exposed unit was seen in more than one variant, the error says so (not that there is no control)', async () => {
    const lines = ['a', 'b', 'c'].flatMap((id) => [exposure(id, 0, 'control'), exposure(id, 1, 'test')]);
    await loadEvents(db, [writeLines(dir, 'all-multi.jsonl', lines)]);
    const reason = /all 3 exposed units of flag 'checkout' were seen in more than one variant/;
    for (const extra of [{}, { control: 'control' }, { weights: { control: 50, test: 50 } }]) {
      await expect(analyzeExperiment(db, { flag: 'checkout', metrics: [{ kind: 'conversion', event: 'signup' }], ...extra })).rejects.toThrow(reason);
    }
    await expect(
      analyzeExperiment(db, { flag: 'checkout', metrics: [{ kind: 'continuous', event: 'signup', property: 'v', aggregate: 'sum' }] }),
    ).rejects.toThrow(reason);
  });

  it('bad requests are InputErrors naming what is wrong', async () => {
    await loadEvents(db, [writeLines(dir, 'exp5.jsonl', fixture())]);
    await expect(analyzeExperiment(db, { flag: 'nope', metrics: [{ kind: 'conversion', event: 'signup' }] })).rejects.toThrow(
      /flag 'nope' has no exposures; flags with exposures: checkout \(\d+\), other \(1\)/,
    );
    await expect(analyzeExperiment(db, { flag: 'checkout', control: 'ctl', metrics: [{ kind: 'conversion', event: 'signup' }] })).rejects.toBeInstanceOf(InputError);
    await expect(analyzeExperiment(db, { flag: 'checkout', confidence: 95, metrics: [{ kind: 'conversion', event: 'signup' }] })).rejects.toThrow(/confidence/);
  });
});
