import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { quantileSorted, quantileType7 } from '../../src/stats/quantile-type7.js';

describe('quantile type 7 (Hyndman & Fan definition 7)', () => {
  it('matches R quantile(1:10, 0.9) = 9.1 (doc example)', () => {
    expect(quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
  });
  it('matches the doc example quantileType7([3, 1, 2, 10], 0.5) = 2.5', () => {
    expect(quantileType7([3, 1, 2, 10], 0.5)).toBe(2.5);
  });
  it('matches R quantile(c(1, 2, 3, 10), c(0, 0.25, 0.9, 1)) = 1, 1.75, 7.9, 10', () => {
    const x = [1, 2, 3, 10];
    expect([0, 0.25, 0.9, 1].map((p) => quantileType7(x, p))).toEqual([1, 1.75, expect.closeTo(7.9, 12), 10]);
  });
  it('agrees with DuckDB quantile_cont on the same sample', async () => {
    const values = Array.from({ length: 37 }, (_, i) => ((i * 7919) % 101) / 3);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const reader = await conn.runAndReadAll(
      `select quantile_cont(v, [0.1, 0.5, 0.9, 0.99]) as q from (select unnest([${values.join(',')}]::double[]) as v)`,
    );
    const duck = (reader.getRowObjectsJS()[0]!['q'] as { items: number[] }).items ?? reader.getRowObjectsJS()[0]!['q'];
    conn.closeSync();
    instance.closeSync();
    const ours = [0.1, 0.5, 0.9, 0.99].map((p) => quantileType7(values, p));
    (duck as number[]).forEach((d, i) => expect(ours[i]).toBeCloseTo(d, 10));
  });
  it('throws on an empty sample and on p outside [0, 1]', () => {
    expect(() => quantileType7([], 0.5)).toThrow(/empty/);
    expect(() => quantileType7([1], 1.5)).toThrow(/\[0, 1\]/);
    expect(() => quantileType7([1, Number.NaN], 0.5)).toThrow(/non-finite/);
  });
});
