import { describe, expect, it } from 'vitest';
import { clusteredShareInterval } from '../../src/stats/clustered-share-interval.js';

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
  it('rejects no clusters, empty clusters and non-indicator values', () => {
    expect(() => clusteredShareInterval([])).toThrow(/zero clusters/);
    expect(() => clusteredShareInterval([[]])).toThrow(/no runs/);
    expect(() => clusteredShareInterval([[2]])).toThrow(/0 or 1/);
  });
});
