import { StatisticsError } from '../errors/statistics-error.js';
import { relativeLift } from '../stats/relative-lift.js';
import { studentTQuantile } from '../stats/student-t-quantile.js';
import { welchTTest, type GroupSummary } from '../stats/welch-t-test.js';
import type { ContinuousVariant } from './experiment-result.js';
import { guarded } from './guarded.js';

export interface ContinuousSums {
  variant: string;
  units: number;
  sum: number;
  sumSquares: number;
  unitsWithoutValue: number;
  nonNumericValues: number;
}

/** n, mean and sample variance from n, sum and sum of squares. */
export function summaryFromSums(s: ContinuousSums): GroupSummary {
  const mean = s.sum / s.units;
  const variance = s.units > 1 ? Math.max(0, (s.sumSquares - s.units * mean * mean) / (s.units - 1)) : 0;
  return { n: s.units, mean, variance };
}

/**
 * Per-variant results of a continuous metric from (n, sum, sum of squares): mean with a t
 * interval; for non-control variants the difference of means with Welch's interval and p-value,
 * and the relative lift with a delta-method interval (Var(mean) = s^2 / n).
 */
export function compareContinuous(rows: ContinuousSums[], control: string, level: number, warnings: string[]): ContinuousVariant[] {
  const c = rows.find((r) => r.variant === control);
  const cs = c && c.units > 0 ? summaryFromSums(c) : undefined;
  return rows.map((row) => {
    const s = row.units > 0 ? summaryFromSums(row) : undefined;
    const meanCI = s && s.n > 1
      ? ((): [number, number] => {
          const half = studentTQuantile(1 - (1 - level) / 2, s.n - 1) * Math.sqrt(s.variance / s.n);
          return [s.mean - half, s.mean + half];
        })()
      : null;
    const out: ContinuousVariant = {
      variant: row.variant,
      units: row.units,
      mean: s?.mean ?? null,
      meanCI,
      unitsWithoutValue: row.unitsWithoutValue,
      nonNumericValues: row.nonNumericValues,
    };
    if (row.variant === control) return out;
    const ctx = `${row.variant} vs ${control}`;
    const welch = s && cs ? guarded(warnings, `${ctx} Welch t-test`, () => welchTTest(s, cs, level)) : null;
    if (!s || !cs) warnings.push(`${ctx}: no comparison (control units ${c?.units ?? 0}, variant units ${row.units})`);
    const rel = s && cs
      ? guarded(warnings, `${ctx} relative lift`, () => {
          // One unit has no sample variance (summaryFromSums' 0 is a placeholder, not a measurement).
          if (cs.n < 2 || s.n < 2) throw new StatisticsError(`needs n >= 2 in each group for a variance, got ${cs.n} (control) and ${s.n}`);
          return relativeLift(cs.mean, cs.variance / cs.n, s.mean, s.variance / s.n, level);
        })
      : null;
    return {
      ...out,
      absoluteLift: welch?.difference ?? null,
      absoluteLiftCI: welch?.interval ?? null,
      relativeLift: rel?.estimate ?? null,
      relativeLiftCI: rel?.interval ?? null,
      pValue: welch?.pValue ?? null,
    };
  });
}
