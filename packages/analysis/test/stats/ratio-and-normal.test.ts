import { describe, expect, it } from 'vitest';
import { ratioMetric } from '../../src/stats/ratio-metric.js';
import { normalDifferenceTest } from '../../src/stats/normal-difference-test.js';
import { differenceOfProportions } from '../../src/stats/difference-of-proportions.js';
import { studentTQuantile } from '../../src/stats/student-t-quantile.js';
import { StatisticsError } from '@rollgate/analysis';

describe('ratio metric with the delta-method variance (Deng, Knoblich & Lu 2018, eq. 4)', () => {
  it('documented example: X = (1, 2, 3), Y = (1, 1, 2) gives R = 1.5, Var = 0.046875', () => {
    const r = ratioMetric({ n: 3, sumX: 6, sumY: 4, sumX2: 14, sumY2: 6, sumXY: 9 });
    expect(r.ratio).toBe(1.5);
    expect(r.variance).toBeCloseTo(0.046875, 12);
  });

  it('reduces to the variance of a mean when every unit has Y = 1', () => {
    const xs = [3, 5, 4, 10, 2];
    const n = xs.length;
    const sum = xs.reduce((a, b) => a + b, 0);
    const sumSq = xs.reduce((a, b) => a + b * b, 0);
    const r = ratioMetric({ n, sumX: sum, sumY: n, sumX2: sumSq, sumY2: n, sumXY: sum });
    const mean = sum / n;
    const s2 = xs.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
    expect(r.ratio).toBeCloseTo(mean, 12);
    expect(r.variance).toBeCloseTo(s2 / n, 12);
  });

  it('throws when the denominator sums to 0', () => {
    expect(() => ratioMetric({ n: 3, sumX: 1, sumY: 0, sumX2: 1, sumY2: 0, sumXY: 0 })).toThrow(StatisticsError);
  });
});

describe('documented examples of the interval helpers', () => {
  it('normalDifferenceTest(1, 0.01, 1.3, 0.01)', () => {
    const r = normalDifferenceTest(1, 0.01, 1.3, 0.01);
    expect(r.z).toBeCloseTo(2.121320344, 8);
    expect(r.pValue).toBeCloseTo(0.033894854, 8);
    expect(r.interval[0]).toBeCloseTo(0.022819235, 8);
  });

  it('differenceOfProportions(73, 86, 90, 93)', () => {
    const r = differenceOfProportions(73, 86, 90, 93);
    expect(r.estimate).toBeCloseTo(0.118904726, 8);
    expect(r.interval[0]).toBeCloseTo(0.035113599, 8);
    expect(r.interval[1]).toBeCloseTo(0.202695853, 8);
  });

  it('studentTQuantile(0.975, 17.776473516178488)', () => {
    expect(studentTQuantile(0.975, 17.776473516178488)).toBeCloseTo(2.102817242, 8);
  });
});
