import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/stats/mulberry32.js';
import { twoProportionZTest } from '../../src/stats/two-proportion-z-test.js';
import { welchTTest } from '../../src/stats/welch-t-test.js';
import { differenceOfProportions } from '../../src/stats/difference-of-proportions.js';

// A/A: both arms come from the same distribution, so a test at alpha = 0.05 must reject in about
// 5% of experiments. With R experiments the count of rejections is Binomial(R, 0.05); the bounds
// are +- 4 standard deviations, so a correct test fails this by chance about once in 15,000 runs
// (and never with the fixed seed), while a test with the wrong variance (e.g. a pooled interval
// used for the lift, or a one-sided p) lands far outside.
const alpha = 0.05;
const experiments = 2000;
const lo = experiments * alpha - 4 * Math.sqrt(experiments * alpha * (1 - alpha));
const hi = experiments * alpha + 4 * Math.sqrt(experiments * alpha * (1 - alpha));

function binomial(random: () => number, n: number, p: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) if (random() < p) x++;
  return x;
}

describe('A/A simulation: false-positive rate near alpha (seeded)', () => {
  it('two-proportion z-test and the absolute-lift interval reject about 5% of A/A experiments', () => {
    const random = mulberry32(20240501);
    let rejected = 0;
    let intervalMisses = 0;
    for (let e = 0; e < experiments; e++) {
      const a = binomial(random, 1000, 0.1);
      const b = binomial(random, 1000, 0.1);
      if (twoProportionZTest(a, 1000, b, 1000).pValue < alpha) rejected++;
      const { interval } = differenceOfProportions(a, 1000, b, 1000, 1 - alpha);
      if (interval[0] > 0 || interval[1] < 0) intervalMisses++;
    }
    expect(rejected).toBeGreaterThan(lo);
    expect(rejected).toBeLessThan(hi);
    expect(intervalMisses).toBeGreaterThan(lo);
    expect(intervalMisses).toBeLessThan(hi);
  });

  it("Welch's t-test rejects about 5% of A/A experiments on skewed (exponential) data", () => {
    const random = mulberry32(7);
    let rejected = 0;
    for (let e = 0; e < experiments; e++) {
      const groups = [0, 1].map(() => {
        let sum = 0;
        let sumSq = 0;
        const n = 300;
        for (let i = 0; i < n; i++) {
          const v = -Math.log(1 - random()) * 20;
          sum += v;
          sumSq += v * v;
        }
        return { n, mean: sum / n, variance: (sumSq - (sum * sum) / n) / (n - 1) };
      });
      if (welchTTest(groups[0]!, groups[1]!).pValue < alpha) rejected++;
    }
    expect(rejected).toBeGreaterThan(lo);
    expect(rejected).toBeLessThan(hi);
  });
});
