import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { StatisticsError } from '../errors/statistics-error.js';
import { studentTQuantile } from './student-t-quantile.js';
import type { Alternative } from './wilcoxon-signed-rank.js';

export interface PairedTTestResult {
  readonly t: number;
  readonly df: number;
  readonly pValue: number;
  /** Mean of x - y. */
  readonly meanDifference: number;
  /** Two-sided confidence interval for the mean difference at `level`. */
  readonly interval: readonly [number, number];
  readonly level: number;
  readonly n: number;
  readonly alternative: Alternative;
}

/**
 * Paired t-test on d = x - y:  t = mean(d) / (sd(d) / sqrt(n)),  df = n - 1, p from Student's t,
 * and the interval mean(d) +- t_{1-a/2, n-1} sd(d) / sqrt(n) (t quantile from studentTQuantile).
 *
 * Reference: W. S. Gosset ("Student", 1908), "The probable error of a mean", Biometrika 6(1);
 * R documentation `?t.test` (the `sleep` example).
 *
 * Throws StatisticsError when lengths differ, fewer than 2 pairs, a value is not finite, or every
 * difference is equal (zero variance: t is undefined).
 *
 * @example
 * // R: with(sleep, t.test(extra[group == 1], extra[group == 2], paired = TRUE))
 * pairedTTest([0.7,-1.6,-0.2,-1.2,-0.1,3.4,3.7,0.8,0.0,2.0], [1.9,0.8,1.1,0.1,-0.1,4.4,5.5,1.6,4.6,3.4])
 * // { t: -4.062128, df: 9, pValue: 0.002832890, interval: [-2.4598858, -0.7001142] }
 */
export function pairedTTest(x: readonly number[], y: readonly number[], alternative: Alternative = 'two-sided', level = 0.95): PairedTTestResult {
  if (x.length !== y.length) throw new StatisticsError(`paired samples differ in length (${x.length} vs ${y.length})`);
  const n = x.length;
  if (n < 2) throw new StatisticsError(`paired t-test needs at least 2 pairs, got ${n}`);
  if (!(level > 0 && level < 1)) throw new StatisticsError(`confidence level must be in (0, 1), got ${level}`);
  let sum = 0;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new StatisticsError(`pair ${i} has a non-finite value`);
    d[i] = a - b;
    sum += a - b;
  }
  const mean = sum / n;
  let ss = 0;
  for (const v of d) ss += (v - mean) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n);
  if (!(se > 0)) throw new StatisticsError('every paired difference is equal; the t statistic is undefined');
  const df = n - 1;
  const t = mean / se;
  const pValue =
    alternative === 'greater' ? 1 - tCdf(t, df) : alternative === 'less' ? tCdf(t, df) : Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const q = studentTQuantile(1 - (1 - level) / 2, df);
  return { t, df, pValue, meanDifference: mean, interval: [mean - q * se, mean + q * se], level, n, alternative };
}
