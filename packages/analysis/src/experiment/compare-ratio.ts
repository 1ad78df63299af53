import { confidenceZ } from '../stats/confidence-z.js';
import { normalDifferenceTest } from '../stats/normal-difference-test.js';
import { ratioMetric, type RatioSums } from '../stats/ratio-metric.js';
import { relativeLift } from '../stats/relative-lift.js';
import type { RatioVariant } from './experiment-result.js';
import { guarded } from './guarded.js';

export interface RatioRow extends RatioSums {
  variant: string;
}

/**
 * Per-variant results of a ratio metric: sum(X)/sum(Y) with a delta-method interval; for
 * non-control variants the difference and relative lift (delta method) with a normal-theory p-value.
 */
export function compareRatio(rows: RatioRow[], control: string, level: number, warnings: string[]): RatioVariant[] {
  const z = confidenceZ(level);
  const estimate = (r: RatioRow) => guarded(warnings, `${r.variant} ratio`, () => ratioMetric(r));
  const c = rows.find((r) => r.variant === control);
  const ce = c ? estimate(c) : null;
  return rows.map((row) => {
    const e = row === c ? ce : estimate(row);
    const out: RatioVariant = {
      variant: row.variant,
      units: row.n,
      numerator: row.sumX,
      denominator: row.sumY,
      ratio: e?.ratio ?? null,
      ratioCI: e ? [e.ratio - z * Math.sqrt(e.variance), e.ratio + z * Math.sqrt(e.variance)] : null,
    };
    if (row.variant === control) return out;
    const ctx = `${row.variant} vs ${control}`;
    const test = e && ce ? guarded(warnings, ctx, () => normalDifferenceTest(ce.ratio, ce.variance, e.ratio, e.variance, level)) : null;
    const rel = e && ce ? guarded(warnings, `${ctx} relative lift`, () => relativeLift(ce.ratio, ce.variance, e.ratio, e.variance, level)) : null;
    return {
      ...out,
      absoluteLift: test?.difference ?? null,
      absoluteLiftCI: test?.interval ?? null,
      relativeLift: rel?.estimate ?? null,
      relativeLiftCI: rel?.interval ?? null,
      pValue: test?.pValue ?? null,
    };
  });
}
