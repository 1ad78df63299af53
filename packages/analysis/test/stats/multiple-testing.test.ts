import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../src/stats/holm-adjust.js';
import { benjaminiHochbergAdjust } from '../../src/stats/benjamini-hochberg-adjust.js';
import { StatisticsError } from '@rollgate/analysis';

// Known answers: R package multtest mt.rawp2adjp, as tabulated in statsmodels
// statsmodels/stats/tests/test_multi.py (res_multtest1: columns rawp, ..., Holm, ..., BH).
const raw = [
  5.23656777208e-5, 2.8140506198e-4, 1.49877310796e-2, 2.02732688798e-2, 0.177096952723, 0.642193923795, 0.680845947633,
  0.71626938238, 0.838541367553, 0.967833824309,
];
const holm = [5.2365677720800005e-4, 2.5326455578199999e-3, 1.1990184863680001e-1, 1.4191288215860001e-1, 1, 1, 1, 1, 1, 1];
const bh = [
  5.2365677720800005e-4, 1.4070253098999999e-3, 4.995910359866667e-2, 5.0683172199499998e-2, 3.5419390544599999e-1,
  8.9533672797500008e-1, 8.9533672797500008e-1, 8.9533672797500008e-1, 9.3171263061444454e-1, 9.67833824309e-1,
];

describe('multiple-testing adjustments', () => {
  it('Holm matches R multtest to 1e-6, in the input order', () => {
    const shuffled = [3, 0, 9, 5, 1, 8, 2, 7, 4, 6];
    const adjusted = holmAdjust(shuffled.map((i) => raw[i]!));
    shuffled.forEach((i, k) => expect(Math.abs(adjusted[k]! - holm[i]!)).toBeLessThan(1e-6));
  });

  it('Benjamini-Hochberg matches R multtest to 1e-6, in the input order', () => {
    const shuffled = [9, 4, 0, 7, 2, 6, 1, 8, 3, 5];
    const adjusted = benjaminiHochbergAdjust(shuffled.map((i) => raw[i]!));
    shuffled.forEach((i, k) => expect(Math.abs(adjusted[k]! - bh[i]!)).toBeLessThan(1e-6));
  });

  it('Holm on the six pairwise prop.test p-values matches statsmodels res_ppt_pvals_holm', () => {
    const p = [0.00533824886503131, 0.8327574849753566, 0.1880573726722516, 0.002026764254350234, 0.1309487516334318, 0.1076118730631731];
    const expected = [0.02669124432515654, 0.8327574849753566, 0.4304474922526926, 0.0121605855261014, 0.4304474922526926, 0.4304474922526926];
    holmAdjust(p).forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-6));
  });

  it('documented example: BH of [0.01, 0.04, 0.03] is [0.03, 0.04, 0.04]', () => {
    expect(benjaminiHochbergAdjust([0.01, 0.04, 0.03]).map((v) => +v.toFixed(12))).toEqual([0.03, 0.04, 0.04]);
  });

  it('rejects p-values outside [0, 1]', () => {
    expect(() => holmAdjust([0.1, 1.2])).toThrow(StatisticsError);
    expect(() => benjaminiHochbergAdjust([Number.NaN])).toThrow(StatisticsError);
  });
});
