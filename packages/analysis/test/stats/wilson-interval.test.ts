import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/stats/wilson-interval.js';
import { StatisticsError } from '@rollgate/analysis';

// Known answers: R package `binom`, binom.confint(x, n, methods = "wilson"), as tabulated in
// statsmodels/stats/tests/results/results_proportion.py (res_binom, column "wilson").
const cases: Array<[number, number, number, number]> = [
  [18, 20, 0.6989663547715128, 0.972133518786232],
  [4, 20, 0.0806576625797981, 0.4160174322518935],
  [4, 200, 0.00780442641634947, 0.05028708690582643],
  [190, 200, 0.910421851861224, 0.972617354399236],
];

describe('Wilson score interval', () => {
  it.each(cases)('matches R binom.confint(%i, %i, "wilson") to 1e-6', (x, n, lo, hi) => {
    const [l, h] = wilsonInterval(x, n);
    expect(Math.abs(l - lo)).toBeLessThan(1e-6);
    expect(Math.abs(h - hi)).toBeLessThan(1e-6);
  });

  it('stays inside [0, 1] at 0 and n successes', () => {
    expect(wilsonInterval(0, 30)[0]).toBe(0);
    expect(wilsonInterval(30, 30)[1]).toBe(1);
  });

  it('is wider at a higher confidence level', () => {
    const [l95, h95] = wilsonInterval(40, 100, 0.95);
    const [l99, h99] = wilsonInterval(40, 100, 0.99);
    expect(l99).toBeLessThan(l95);
    expect(h99).toBeGreaterThan(h95);
  });

  it('throws on counts outside their domain', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(StatisticsError);
    expect(() => wilsonInterval(-1, 4)).toThrow(StatisticsError);
    expect(() => wilsonInterval(1, 0)).toThrow(StatisticsError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(StatisticsError);
    expect(() => wilsonInterval(1, 4, 1)).toThrow(StatisticsError);
  });
});
