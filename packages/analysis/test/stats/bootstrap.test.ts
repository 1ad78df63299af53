import { describe, expect, it } from 'vitest';
import { clusterBootstrapInterval } from '../../src/stats/cluster-bootstrap-interval.js';
import { clusterBootstrapQuantileInterval } from '../../src/stats/cluster-bootstrap-quantile-interval.js';
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
  it('DKL always contains its estimate: with zero between-conversation variance it spans the two runs the estimate lies between', () => {
    // 60 conversations of a fast run (100-159) and a slow one (300-359): each has exactly one run at
    // or below the median, so the share's variance is 0 and ranks floor(np), ceil(np) = 60, 60.
    const clusters = Array.from({ length: 60 }, (_, i) => [100 + i, 300 + i]);
    const r = dklQuantileInterval(clusters, 0.5);
    expect(r.estimate).toBe((159 + 300) / 2);
    expect(r.proportionStandardError).toBe(0);
    expect([r.lower, r.upper]).toEqual([159, 300]);
  });
  it('DKL over one conversation: the variation between conversations is unknown, the interval is every run', () => {
    const r = dklQuantileInterval([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], 0.5);
    expect(r.estimate).toBe(5.5);
    expect(r.proportionStandardError).toBe(Infinity);
    expect([r.lower, r.upper]).toEqual([1, 10]);
  });
  it('DKL contains its estimate for every p on random clustered data', () => {
    const random = mulberry32(23);
    for (let t = 0; t < 200; t++) {
      const clusters = Array.from({ length: 1 + Math.floor(random() * 8) }, () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => Math.round(random() * 20)));
      for (const p of [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]) {
        const r = dklQuantileInterval(clusters, p);
        expect(r.lower, JSON.stringify({ clusters, p })).toBeLessThanOrEqual(r.estimate);
        expect(r.upper, JSON.stringify({ clusters, p })).toBeGreaterThanOrEqual(r.estimate);
      }
    }
  });
  it('rejects zero clusters, too few resamples and a bad level', () => {
    expect(() => clusterBootstrapInterval([], median)).toThrow(/zero clusters/);
    expect(() => clusterBootstrapInterval([[1]], median, { resamples: 5 })).toThrow(/resamples/);
    expect(() => clusterBootstrapInterval([[1]], median, { level: 1 })).toThrow(/level/);
  });
});

describe('the O(n)-per-resample quantile bootstrap equals the generic one', () => {
  it('doc example: [[1,2],[3],[10,11,12]], median, seed 7 -> [1.5, 11]', () => {
    const r = clusterBootstrapQuantileInterval([[[1, 2], [3], [10, 11, 12]]], 0.5, { seed: 7 });
    expect([r.lower, r.upper]).toEqual([1.5, 11]);
  });
  it('for the same seed it returns exactly the generic bootstrap of the pooled, sorted resample (p10, p50, p90, ties)', () => {
    const random = mulberry32(11);
    const clusters = Array.from({ length: 60 }, () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => Math.round(random() * 50)));
    for (const p of [0, 0.1, 0.5, 0.9, 1]) {
      const fast = clusterBootstrapQuantileInterval([clusters], p, { seed: 5, resamples: 300 });
      const slow = clusterBootstrapInterval(clusters, (cs) => quantileType7(cs.flat(), p), { seed: 5, resamples: 300 });
      expect([fast.lower, fast.upper]).toEqual([slow.lower, slow.upper]);
    }
  });
  it('a ratio of quantiles over two columns equals the generic bootstrap of Q(num) / Q(den)', () => {
    const random = mulberry32(3);
    const pairs = Array.from({ length: 40 }, () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => [1 + random() * 9, 10 + random() * 10] as const));
    const fast = clusterBootstrapQuantileInterval([pairs.map((c) => c.map((x) => x[0])), pairs.map((c) => c.map((x) => x[1]))], 0.9, { seed: 2, resamples: 300 }, (q) => q[0]! / q[1]!);
    const slow = clusterBootstrapInterval(pairs, (cs) => quantileType7(cs.flat().map((x) => x[0]), 0.9) / quantileType7(cs.flat().map((x) => x[1]), 0.9), { seed: 2, resamples: 300 });
    expect(fast.lower).toBeCloseTo(slow.lower, 12);
    expect(fast.upper).toBeCloseTo(slow.upper, 12);
  });
  it('rejects columns with different cluster sizes', () => {
    expect(() => clusterBootstrapQuantileInterval([[[1, 2]], [[1]]], 0.5)).toThrow(/same clusters/);
  });
});
