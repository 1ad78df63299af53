import { describe, expect, it } from 'vitest';
import { clusterBootstrapInterval } from '../../src/stats/cluster-bootstrap-interval.js';
import { dklQuantileInterval } from '../../src/stats/dkl-quantile-interval.js';
import { mulberry32 } from '../../src/stats/mulberry32.js';
import { quantileType7 } from '../../src/stats/quantile-type7.js';

const median = (cs: readonly (readonly number[])[]) => quantileType7(cs.flat(), 0.5);

describe('seeded bootstrap over conversations', () => {
  it('mulberry32(1) first draw is the documented 0.6270739405881613', () => {
    expect(mulberry32(1)()).toBe(0.6270739405881613);
  });
  it('the same seed gives the identical interval; another seed gives a different one', () => {
    const clusters = Array.from({ length: 40 }, (_, i) => Array.from({ length: 1 + (i % 4) }, (_, j) => (i * 37 + j * 11) % 97));
    const a = clusterBootstrapInterval(clusters, median, { seed: 42, resamples: 500 });
    const b = clusterBootstrapInterval(clusters, median, { seed: 42, resamples: 500 });
    const c = clusterBootstrapInterval(clusters, median, { seed: 43, resamples: 500 });
    expect(b).toEqual(a);
    expect([c.lower, c.upper]).not.toEqual([a.lower, a.upper]);
    expect(a.lower).toBeLessThanOrEqual(median(clusters));
    expect(a.upper).toBeGreaterThanOrEqual(median(clusters));
  });
  it('reproduces the doc example interval for seed 7', () => {
    const r = clusterBootstrapInterval([[1, 2], [3], [10, 11, 12]], median, { seed: 7 });
    expect([r.lower, r.upper]).toEqual([1.5, 11]);
  });
  it('resampling whole conversations widens the interval when runs within a conversation are alike', () => {
    // 20 conversations of 10 identical runs: the effective sample is 20, not 200.
    const clustered = Array.from({ length: 20 }, (_, i) => Array.from({ length: 10 }, () => i));
    const independent = clustered.flat().map((v) => [v]);
    const wide = clusterBootstrapInterval(clustered, median, { seed: 3, resamples: 1000 });
    const narrow = clusterBootstrapInterval(independent, median, { seed: 3, resamples: 1000 });
    expect(wide.upper - wide.lower).toBeGreaterThan(narrow.upper - narrow.lower);
    const dklClustered = dklQuantileInterval(clustered, 0.5);
    const dklIndependent = dklQuantileInterval(independent, 0.5);
    expect(dklClustered.upper - dklClustered.lower).toBeGreaterThan(dklIndependent.upper - dklIndependent.lower);
  });
  it('DKL doc example: 10 singleton clusters 1..10, median 5.5, outer interval [1, 9] (sigma = 0.1667, ranks floor(1.73) and ceil(8.27))', () => {
    const r = dklQuantileInterval([[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]], 0.5);
    expect(r.estimate).toBe(5.5);
    expect([r.lower, r.upper]).toEqual([1, 9]);
  });
  it('rejects zero clusters, too few resamples and a bad level', () => {
    expect(() => clusterBootstrapInterval([], median)).toThrow(/zero clusters/);
    expect(() => clusterBootstrapInterval([[1]], median, { resamples: 5 })).toThrow(/resamples/);
    expect(() => clusterBootstrapInterval([[1]], median, { level: 1 })).toThrow(/level/);
  });
});
