import { describe, expect, it } from 'vitest';
import { twoProportionZTest } from '../../src/stats/two-proportion-z-test.js';
import { differenceOfProportions } from '../../src/stats/difference-of-proportions.js';
import { relativeLift } from '../../src/stats/relative-lift.js';
import { StatisticsError } from '@rollgate/analysis';

// Known answers: R pairwise prop.test without continuity correction on
// smokers2 = c(73, 90, 114, 75), patients = c(86, 93, 136, 82), as tabulated in statsmodels
// statsmodels/stats/tests/test_proportion.py (TestProportion.res_ppt_pvals_raw). For two groups
// that test is Pearson's chi-square without correction, which equals the pooled z-test squared.
const groups: Array<[number, number]> = [
  [73, 86],
  [90, 93],
  [114, 136],
  [75, 82],
];
const pairs: Array<[number, number, number]> = [
  [0, 1, 0.00533824886503131],
  [0, 2, 0.8327574849753566],
  [0, 3, 0.1880573726722516],
  [1, 2, 0.002026764254350234],
  [1, 3, 0.1309487516334318],
  [2, 3, 0.1076118730631731],
];

describe('two-proportion z-test (pooled)', () => {
  it.each(pairs)('groups %i vs %i match R prop.test(correct = FALSE) p = %f to 1e-6', (a, b, p) => {
    const [xa, na] = groups[a]!;
    const [xb, nb] = groups[b]!;
    expect(Math.abs(twoProportionZTest(xa, na, xb, nb).pValue - p)).toBeLessThan(1e-6);
  });

  it('uses the pooled standard error (z^2 equals the Pearson chi-square of the 2x2 table)', () => {
    const { z } = twoProportionZTest(73, 86, 90, 93);
    const table = [[73, 13], [90, 3]];
    const rows = table.map((r) => r[0]! + r[1]!);
    const cols = [table[0]![0]! + table[1]![0]!, table[0]![1]! + table[1]![1]!];
    const total = rows[0]! + rows[1]!;
    let chi2 = 0;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) chi2 += (table[i]![j]! - (rows[i]! * cols[j]!) / total) ** 2 / ((rows[i]! * cols[j]!) / total);
    expect(z * z).toBeCloseTo(chi2, 10);
    expect(z).toBeGreaterThan(0);
  });

  it('keeps p-values far below 1e-16 (no rounding to 0)', () => {
    const { pValue } = twoProportionZTest(1000, 100000, 2000, 100000);
    expect(pValue).toBeGreaterThan(0);
    expect(pValue).toBeLessThan(1e-40);
  });

  it('returns p = 1 when there is no variation at all', () => {
    expect(twoProportionZTest(0, 10, 0, 12)).toEqual({ z: 0, pValue: 1 });
  });
});

describe('absolute lift with the unpooled Wald interval', () => {
  it('is the difference of rates with each group its own variance', () => {
    const r = differenceOfProportions(100, 1000, 120, 1000);
    const se = Math.sqrt((0.1 * 0.9) / 1000 + (0.12 * 0.88) / 1000);
    expect(r.estimate).toBeCloseTo(0.02, 15);
    expect(r.interval[0]).toBeCloseTo(0.02 - 1.959963984540054 * se, 12);
    expect(r.interval[1]).toBeCloseTo(0.02 + 1.959963984540054 * se, 12);
  });

  it('stays inside [-1, 1] as R prop.test(correct = FALSE) clips it: 1/2 vs 2/2 gives [-0.192952, 1]', () => {
    // R: prop.test(c(2, 1), c(2, 2), correct = FALSE)$conf.int = c(max(d - w, -1), min(d + w, 1)),
    // d = 0.5, w = 1.959964 * sqrt(0.25 / 2) = 0.692952: the bare Wald bound 1.192952 is no difference of two rates
    const up = differenceOfProportions(1, 2, 2, 2);
    expect(up.estimate).toBe(0.5);
    expect(up.interval[0]).toBeCloseTo(-0.19295191217483898, 12);
    expect(up.interval[1]).toBe(1);
    const down = differenceOfProportions(2, 2, 1, 2);
    expect(down.interval[0]).toBe(-1);
    expect(down.interval[1]).toBeCloseTo(0.19295191217483898, 12);
  });
});

describe('relative lift with a delta-method interval', () => {
  it('matches the documented example', () => {
    const r = relativeLift(0.1, 0.00009, 0.12, 0.0001056);
    const se = Math.sqrt(0.0001056 / 0.01 + (0.0144 * 0.00009) / 0.0001);
    expect(r.estimate).toBeCloseTo(0.2, 12);
    expect(r.interval[0]).toBeCloseTo(0.2 - 1.959963984540054 * se, 12);
    expect(r.interval[1]).toBeCloseTo(0.2 + 1.959963984540054 * se, 12);
  });

  it('throws when the control mean is 0', () => {
    expect(() => relativeLift(0, 0, 0.1, 0.001)).toThrow(StatisticsError);
  });
});
