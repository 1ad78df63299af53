import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { StatisticsError } from '../errors/statistics-error.js';
import { studentTQuantile } from './student-t-quantile.js';

/** A group's sufficient statistics: size, mean and sample variance (n - 1 denominator). */
export interface GroupSummary {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

export interface WelchTTestResult {
  /** mean(x) - mean(y). */
  readonly difference: number;
  readonly t: number;
  /** Welch-Satterthwaite degrees of freedom (not an integer in general). */
  readonly df: number;
  /** Two-sided. */
  readonly pValue: number;
  /** Interval for mean(x) - mean(y) at `level`. */
  readonly interval: [number, number];
}

/**
 * Welch's two-sample t-test (unequal variances), from each group's n, mean and sample variance:
 *
 *   se^2 = s_x^2 / n_x + s_y^2 / n_y,   t = (mean_x - mean_y) / se
 *   df = se^4 / ( (s_x^2/n_x)^2 / (n_x - 1) + (s_y^2/n_y)^2 / (n_y - 1) )
 *   pValue = 2 F_t(-|t|; df),   interval = difference +- t_{1-a/2, df} se
 *
 * Reference: B. L. Welch (1947), "The generalization of 'Student's' problem when several different
 * population variances are involved", Biometrika 34; R documentation `?t.test` (the `sleep` example).
 *
 * Throws StatisticsError when a group has n < 2, a non-finite mean or a negative variance, when
 * both variances are 0 (t undefined), or for a level outside (0, 1).
 *
 * @example
 * // R: t.test(extra ~ group, data = sleep): t = -1.860813, df = 17.77647, p = 0.07939414
 * welchTTest({ n: 10, mean: 0.75, variance: 3.200555556 }, { n: 10, mean: 2.33, variance: 4.009 })
 * // { difference: -1.58, t: -1.860813467, df: 17.776473516, pValue: 0.079394140,
 * //   interval: [-3.365483210, 0.205483210] }
 */
export function welchTTest(x: GroupSummary, y: GroupSummary, level = 0.95): WelchTTestResult {
  for (const [name, g] of [['x', x], ['y', y]] as const) {
    if (!Number.isInteger(g.n) || g.n < 2) throw new StatisticsError(`group ${name}: Welch's t-test needs n >= 2, got ${g.n}`);
    if (!Number.isFinite(g.mean)) throw new StatisticsError(`group ${name}: mean must be finite, got ${g.mean}`);
    if (!Number.isFinite(g.variance) || g.variance < 0) throw new StatisticsError(`group ${name}: variance must be >= 0, got ${g.variance}`);
  }
  if (!(level > 0 && level < 1)) throw new StatisticsError(`confidence level must be in (0, 1), got ${level}`);
  const vx = x.variance / x.n;
  const vy = y.variance / y.n;
  const se2 = vx + vy;
  if (se2 === 0) throw new StatisticsError('both groups have zero variance; the t statistic is undefined');
  const se = Math.sqrt(se2);
  const difference = x.mean - y.mean;
  const t = difference / se;
  const df = (se2 * se2) / ((vx * vx) / (x.n - 1) + (vy * vy) / (y.n - 1));
  const pValue = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const q = studentTQuantile(1 - (1 - level) / 2, df);
  return { difference, t, df, pValue, interval: [difference - q * se, difference + q * se] };
}
