import { describe, expect, it } from 'vitest';
import { chiSquareUpperTail } from '../../src/stats/chi-square-upper-tail.js';
import { srmChiSquare } from '../../src/stats/srm-chi-square.js';
import { StatisticsError } from '@rollgate/analysis';

describe('chi-square upper tail', () => {
  it('matches R prop.test(smokers2, patients, correct = FALSE): X^2 = 11.11938768628861, df = 3, p = 0.011097511366581344 (statsmodels test_proportion.py)', () => {
    expect(Math.abs(chiSquareUpperTail(11.11938768628861, 3) - 0.011097511366581344)).toBeLessThan(1e-6);
  });

  it('stays accurate far into the tail: p = 1e-40 is not rounded to 0 (df = 2 closed form exp(-x/2))', () => {
    const p = chiSquareUpperTail(80 * Math.LN10, 2);
    expect(p).toBeGreaterThan(0);
    expect(Math.abs(p / 1e-40 - 1)).toBeLessThan(1e-9);
    // df = 4: Q = exp(-x/2) (1 + x/2)
    const x = 200;
    expect(Math.abs(chiSquareUpperTail(x, 4) / (Math.exp(-x / 2) * (1 + x / 2)) - 1)).toBeLessThan(1e-9);
  });
});

describe('sample-ratio mismatch: chi-square goodness of fit against the configured weights', () => {
  it('matches R ?chisq.test: x = c(A = 20, B = 15, C = 25) against equal weights: X^2 = 2.5, df = 2, p = 0.2865', () => {
    const r = srmChiSquare([20, 15, 25], [1, 1, 1]);
    expect(r.chi2).toBeCloseTo(2.5, 12);
    expect(r.df).toBe(2);
    expect(Math.abs(r.pValue - Math.exp(-1.25))).toBeLessThan(1e-12);
    expect(r.pValue.toFixed(4)).toBe('0.2865');
  });

  it('matches R ?chisq.test: c(89,37,30,28,2) with p = c(40,20,20,15,5), rescale.p = TRUE: X^2 = 9.9901, p = 0.04059', () => {
    const r = srmChiSquare([89, 37, 30, 28, 2], [40, 20, 20, 15, 5]);
    const expected = [74.4, 37.2, 37.2, 27.9, 9.3];
    const chi2 = [89, 37, 30, 28, 2].reduce((a, o, i) => a + (o - expected[i]!) ** 2 / expected[i]!, 0);
    expect(r.chi2).toBeCloseTo(chi2, 12);
    expect(r.chi2.toFixed(4)).toBe('9.9901');
    expect(Math.abs(r.pValue - Math.exp(-chi2 / 2) * (1 + chi2 / 2))).toBeLessThan(1e-12);
    expect(r.pValue.toFixed(5)).toBe('0.04059');
  });

  it('an arm that received no units counts as the worst mismatch, with a tiny but non-zero p', () => {
    const r = srmChiSquare([600, 0], [50, 50]);
    expect(r.chi2).toBeCloseTo(600, 9);
    // Q(1/2, 300) = erfc(sqrt(300)) ~ 2.2e-132: far beyond 1 - CDF's reach, still representable
    expect(r.pValue).toBeGreaterThan(1e-133);
    expect(r.pValue).toBeLessThan(1e-131);
  });

  it('rejects mismatched lengths, non-positive weights and empty data', () => {
    expect(() => srmChiSquare([1, 2], [1])).toThrow(StatisticsError);
    expect(() => srmChiSquare([1, 2], [1, 0])).toThrow(StatisticsError);
    expect(() => srmChiSquare([0, 0], [1, 1])).toThrow(StatisticsError);
  });
});
