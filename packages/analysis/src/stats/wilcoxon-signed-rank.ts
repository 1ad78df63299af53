import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { StatisticsError } from '../errors/statistics-error.js';

/** Which difference the test looks for: `greater` means x tends to exceed y. */
export type Alternative = 'two-sided' | 'greater' | 'less';

export interface WilcoxonSignedRankResult {
  /** V: the sum of the ranks of the positive differences x - y (R's statistic). */
  readonly statistic: number;
  readonly pValue: number;
  /** Pairs used: those with a non-zero difference. */
  readonly n: number;
  /** Pairs dropped because x = y (zero differences carry no sign). */
  readonly zeros: number;
  /** `exact` when n < 50 with no ties and no zeros, else `normal` (continuity and tie corrected). */
  readonly method: 'exact' | 'normal';
  readonly alternative: Alternative;
}

/**
 * Wilcoxon signed-rank test for paired samples x, y. Differences d = x - y; zero differences are
 * dropped; |d| are ranked with mid-ranks for ties; V = sum of ranks where d > 0.
 * Exact null distribution (all 2^n sign patterns, counted by dynamic programming) when n < 50 and
 * there are no ties or zeros; otherwise the normal approximation
 *
 *   z = (V - n(n+1)/4 - c) / sqrt( n(n+1)(2n+1)/24 - sum(t^3 - t)/48 ),
 *
 * with the continuity correction c = 0.5 sign(V - n(n+1)/4) (two-sided) or +-0.5 (one-sided),
 * and t the sizes of tied groups. These are the choices of R's `wilcox.test(x, y, paired = TRUE)`.
 *
 * Reference: M. Hollander and D. A. Wolfe (1973), Nonparametric Statistical Methods, 27-33;
 * R documentation `?wilcox.test`.
 *
 * Throws StatisticsError when x and y differ in length, a value is not finite, or every pair is tied.
 *
 * @example
 * // Hollander & Wolfe p. 29, R's ?wilcox.test example, alternative "greater":
 * wilcoxonSignedRank([1.83,0.50,1.62,2.48,1.68,1.88,1.55,3.06,1.30],
 *                    [0.878,0.647,0.598,2.05,1.06,1.29,1.06,3.14,1.29], 'greater') // { statistic: 40, pValue: 0.01953125 }
 */
export function wilcoxonSignedRank(x: readonly number[], y: readonly number[], alternative: Alternative = 'two-sided'): WilcoxonSignedRankResult {
  if (x.length !== y.length) throw new StatisticsError(`paired samples differ in length (${x.length} vs ${y.length})`);
  const diffs: number[] = [];
  let zeros = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new StatisticsError(`pair ${i} has a non-finite value`);
    // Rounded like R (which compares differences as computed) to avoid 1e-17 noise making ties distinct.
    const d = roundDifference(a - b);
    if (d === 0) zeros++;
    else diffs.push(d);
  }
  const n = diffs.length;
  if (n === 0) throw new StatisticsError('every pair has a zero difference; the test is undefined');
  const order = diffs.map((d, i) => ({ abs: Math.abs(d), i })).sort((p, q) => p.abs - q.abs);
  const ranks = new Float64Array(n);
  const tieSizes: number[] = [];
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && order[end + 1]!.abs === order[start]!.abs) end++;
    const midRank = (start + end + 2) / 2;
    for (let j = start; j <= end; j++) ranks[order[j]!.i] = midRank;
    if (end > start) tieSizes.push(end - start + 1);
    start = end + 1;
  }
  let v = 0;
  for (let i = 0; i < n; i++) if (diffs[i]! > 0) v += ranks[i]!;
  const exact = n < 50 && tieSizes.length === 0 && zeros === 0;
  let pValue: number;
  if (exact) {
    const counts = signedRankCounts(n);
    const total = 2 ** n;
    const upper = (k: number) => { let s = 0; for (let j = Math.ceil(k); j < counts.length; j++) s += counts[j]!; return s / total; };
    const lower = (k: number) => { let s = 0; for (let j = 0; j <= Math.floor(k) && j < counts.length; j++) s += counts[j]!; return s / total; };
    if (alternative === 'greater') pValue = upper(v);
    else if (alternative === 'less') pValue = lower(v);
    else {
      const mean = (n * (n + 1)) / 4;
      pValue = Math.min(1, 2 * (v > mean ? upper(v) : lower(v)));
    }
  } else {
    const mean = (n * (n + 1)) / 4;
    const tie = tieSizes.reduce((s, t) => s + t ** 3 - t, 0);
    const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tie / 48);
    const centred = v - mean;
    const correction = alternative === 'two-sided' ? Math.sign(centred) * 0.5 : alternative === 'greater' ? 0.5 : -0.5;
    const z = (centred - correction) / sd;
    if (alternative === 'greater') pValue = 1 - normalCdf(z, 0, 1);
    else if (alternative === 'less') pValue = normalCdf(z, 0, 1);
    else pValue = Math.min(1, 2 * Math.min(normalCdf(z, 0, 1), 1 - normalCdf(z, 0, 1)));
  }
  return { statistic: v, pValue, n, zeros, method: exact ? 'exact' : 'normal', alternative };
}

/** counts[s] = number of subsets of {1..n} whose sum is s (the null distribution of V times 2^n). */
function signedRankCounts(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) for (let s = max; s >= r; s--) counts[s] = counts[s]! + counts[s - r]!;
  return counts;
}

function roundDifference(d: number): number {
  return Number.parseFloat(d.toPrecision(12));
}
