import { describe, expect, it } from 'vitest';
import { clusteredShareInterval } from '../../src/stats/clustered-share-interval.js';
import { wilsonInterval } from '../../src/stats/wilson-interval.js';

describe('clustered share interval (delta method, Deng-Knoblich-Lu 2018 section 3)', () => {
  it('doc example: [[1,1],[0,0],[1,0],[0,0]] -> 0.375, se sqrt(11/192), upper 0.8441', () => {
    const r = clusteredShareInterval([[1, 1], [0, 0], [1, 0], [0, 0]]);
    expect(r.estimate).toBe(0.375);
    expect(r.standardError).toBeCloseTo(Math.sqrt(11 / 192), 12);
    expect(r.lower).toBe(0);
    expect(r.upper).toBeCloseTo(0.375 + 1.959963984540054 * Math.sqrt(11 / 192), 10);
  });
  it('one run per conversation reduces to the Wald interval with a K - 1 divisor', () => {
    const r = clusteredShareInterval([[1], [0], [1], [1]]);
    expect(r.standardError).toBeCloseTo(Math.sqrt((0.75 * 0.25) / 3), 12);
  });
  it('conversations whose runs agree give a wider interval than the same runs apart', () => {
    const together = clusteredShareInterval([[1, 1, 1], [0, 0, 0], [1, 1, 1], [0, 0, 0]]);
    const apart = clusteredShareInterval([[1], [1], [1], [0], [0], [0], [1], [1], [1], [0], [0], [0]]);
    expect(together.standardError).toBeGreaterThan(apart.standardError);
  });
  it('no run with the property in 10 conversations is not "0% for sure": the Wilson bound over 10 conversations', () => {
    const r = clusteredShareInterval(Array.from({ length: 10 }, () => [0, 0, 0]));
    expect(r.estimate).toBe(0);
    expect(r.lower).toBe(0);
    // Wilson, 0 of 10: upper = z^2 / (10 + z^2) = 0.2775
    expect(r.upper).toBeCloseTo(1.959963984540054 ** 2 / (10 + 1.959963984540054 ** 2), 12);
    expect([r.lower, r.upper]).toEqual(wilsonInterval(0, 10));
    const all = clusteredShareInterval(Array.from({ length: 10 }, () => [1]));
    expect([all.lower, all.upper]).toEqual(wilsonInterval(10, 10));
  });
  it('one conversation says nothing of the variation between conversations: [0, 1]', () => {
    expect(clusteredShareInterval([[1, 0, 0, 0]])).toMatchObject({ estimate: 0.25, lower: 0, upper: 1, standardError: Infinity });
  });
  it('rejects no clusters, empty clusters and non-indicator values', () => {
    expect(() => clusteredShareInterval([])).toThrow(/zero clusters/);
    expect(() => clusteredShareInterval([[]])).toThrow(/no runs/);
    expect(() => clusteredShareInterval([[2]])).toThrow(/0 or 1/);
  });
});
