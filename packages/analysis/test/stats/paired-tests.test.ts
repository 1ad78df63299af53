import { describe, expect, it } from 'vitest';
import { pairedTTest } from '../../src/stats/paired-t-test.js';
import { wilcoxonSignedRank } from '../../src/stats/wilcoxon-signed-rank.js';

// R documentation ?wilcox.test: Hollander & Wolfe (1973) p. 29, Hamilton depression scale.
const hwX = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
const hwY = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
// R datasets::sleep (Cushny & Peebles), used by ?t.test.
const sleep1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const sleep2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('Wilcoxon signed-rank (R wilcox.test known answers)', () => {
  it('Hollander & Wolfe, alternative greater: V = 40, exact p = 0.01953', () => {
    const r = wilcoxonSignedRank(hwX, hwY, 'greater');
    expect(r.statistic).toBe(40);
    expect(r.method).toBe('exact');
    expect(r.pValue).toBeCloseTo(0.01953125, 10);
  });
  it('Hollander & Wolfe, two-sided: exact p = 0.0390625; less: 0.986328', () => {
    expect(wilcoxonSignedRank(hwX, hwY).pValue).toBeCloseTo(0.0390625, 10);
    // P(V <= 40) = 1 - P(V >= 41) = 1 - 7/512 (7 subsets of 1..9 sum to 4 or less)
    expect(wilcoxonSignedRank(hwX, hwY, 'less').pValue).toBeCloseTo(1 - 7 / 512, 10);
  });
  it('sleep data with a zero and ties: V = 0, normal approximation p = 0.009091 (R prints it)', () => {
    const r = wilcoxonSignedRank(sleep1, sleep2);
    expect(r.statistic).toBe(0);
    expect(r.zeros).toBe(1);
    expect(r.n).toBe(9);
    expect(r.method).toBe('normal');
    expect(r.pValue).toBeCloseTo(0.009091, 6);
  });
  it('rejects unequal lengths and all-zero differences', () => {
    expect(() => wilcoxonSignedRank([1, 2], [1])).toThrow(/length/);
    expect(() => wilcoxonSignedRank([1, 2], [1, 2])).toThrow(/zero difference/);
  });
});

describe('paired t-test (R t.test known answers)', () => {
  it('sleep: t = -4.0621, df = 9, p = 0.002833, 95% CI [-2.4598858, -0.7001142]', () => {
    const r = pairedTTest(sleep1, sleep2);
    expect(r.t).toBeCloseTo(-4.062128, 6);
    expect(r.df).toBe(9);
    expect(r.pValue).toBeCloseTo(0.00283289, 8);
    expect(r.meanDifference).toBeCloseTo(-1.58, 12);
    expect(r.interval[0]).toBeCloseTo(-2.4598858, 6);
    expect(r.interval[1]).toBeCloseTo(-0.7001142, 6);
  });
  it('one-sided p halves the two-sided one in the direction of the effect', () => {
    expect(pairedTTest(sleep1, sleep2, 'less').pValue).toBeCloseTo(0.00283289 / 2, 8);
  });
  it('rejects fewer than 2 pairs and zero variance', () => {
    expect(() => pairedTTest([1], [2])).toThrow(/at least 2/);
    expect(() => pairedTTest([1, 2], [0, 1])).toThrow(/equal/);
  });
});
