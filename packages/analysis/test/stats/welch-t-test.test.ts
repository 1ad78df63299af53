import { describe, expect, it } from 'vitest';
import { welchTTest, type GroupSummary } from '../../src/stats/welch-t-test.js';
import { studentTQuantile } from '../../src/stats/student-t-quantile.js';
import { StatisticsError } from '@rollgate/analysis';

function summary(values: number[]): GroupSummary {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}

// R documentation ?t.test: t.test(extra ~ group, data = sleep) (Welch, the default). Values to
// full precision as printed by R's print(htest, digits = 15):
// t = -1.86081346748685, df = 17.7764735161785, p-value = 0.0793941401873582,
// 95 percent CI -3.36548321041277 0.205483210412770.
const sleep1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const sleep2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe("Welch's t-test", () => {
  it('matches R t.test(extra ~ group, data = sleep) to 1e-6', () => {
    const r = welchTTest(summary(sleep1), summary(sleep2));
    expect(Math.abs(r.t - -1.86081346748685)).toBeLessThan(1e-6);
    expect(Math.abs(r.df - 17.7764735161785)).toBeLessThan(1e-6);
    expect(Math.abs(r.pValue - 0.0793941401873582)).toBeLessThan(1e-6);
    expect(Math.abs(r.interval[0] - -3.3654832104)).toBeLessThan(1e-6);
    expect(Math.abs(r.interval[1] - 0.2054832104)).toBeLessThan(1e-6);
    expect(r.difference).toBeCloseTo(-1.58, 12);
  });

  it('inverts the t CDF (quantile at df = 17.776 used by the interval)', () => {
    const q = studentTQuantile(0.975, 17.7764735161785);
    // (CI upper - difference) / se must equal q: checked through the interval width above;
    // here the symmetric property and the known df -> infinity limit.
    expect(studentTQuantile(0.025, 17.7764735161785)).toBeCloseTo(-q, 10);
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959963984540054, 5);
  });

  it('throws when both groups are constant or too small', () => {
    expect(() => welchTTest({ n: 5, mean: 1, variance: 0 }, { n: 5, mean: 2, variance: 0 })).toThrow(StatisticsError);
    expect(() => welchTTest({ n: 1, mean: 1, variance: 1 }, { n: 5, mean: 2, variance: 1 })).toThrow(StatisticsError);
  });
});
