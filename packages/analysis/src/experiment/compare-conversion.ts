import { chanceToBeatControl } from '../stats/chance-to-beat-control.js';
import { differenceOfProportions } from '../stats/difference-of-proportions.js';
import { relativeLift } from '../stats/relative-lift.js';
import { twoProportionZTest } from '../stats/two-proportion-z-test.js';
import { wilsonInterval } from '../stats/wilson-interval.js';
import type { ConversionVariant } from './experiment-result.js';
import { guarded } from './guarded.js';

export interface ConversionCounts {
  variant: string;
  units: number;
  conversions: number;
}

/**
 * Per-variant conversion results from sufficient statistics (units, conversions): rate with a
 * Wilson interval; for non-control variants the unpooled absolute lift, the delta-method relative
 * lift (its interval not below -100%), the pooled z-test p-value and the exact chance to beat control.
 */
export function compareConversion(rows: ConversionCounts[], control: string, level: number, warnings: string[]): ConversionVariant[] {
  const c = rows.find((r) => r.variant === control);
  return rows.map((row) => {
    const out: ConversionVariant = {
      variant: row.variant,
      units: row.units,
      conversions: row.conversions,
      rate: row.units > 0 ? row.conversions / row.units : null,
      rateCI: row.units > 0 ? wilsonInterval(row.conversions, row.units, level) : null,
    };
    if (row.variant === control) return out;
    const ctx = `${row.variant} vs ${control}`;
    const comparable = c !== undefined && c.units > 0 && row.units > 0;
    if (!comparable) {
      warnings.push(`${ctx}: no comparison (control units ${c?.units ?? 0}, variant units ${row.units})`);
      return { ...out, absoluteLift: null, absoluteLiftCI: null, relativeLift: null, relativeLiftCI: null, pValue: null, chanceToBeatControl: null };
    }
    const diff = differenceOfProportions(c.conversions, c.units, row.conversions, row.units, level);
    const pC = c.conversions / c.units;
    const pT = row.conversions / row.units;
    const rel = guarded(warnings, `${ctx} relative lift`, () =>
      relativeLift(pC, (pC * (1 - pC)) / c.units, pT, (pT * (1 - pT)) / row.units, level),
    );
    return {
      ...out,
      absoluteLift: diff.estimate,
      absoluteLiftCI: diff.interval,
      relativeLift: rel?.estimate ?? null,
      // A rate cannot fall below 0, so the lift not below -100%: the delta method's symmetric bounds
      // are kept inside that range, as the absolute lift's are kept inside [-1, 1].
      relativeLiftCI: rel ? [Math.max(-1, rel.interval[0]), rel.interval[1]] : null,
      pValue: twoProportionZTest(c.conversions, c.units, row.conversions, row.units).pValue,
      chanceToBeatControl: chanceToBeatControl(c.conversions, c.units, row.conversions, row.units),
    };
  });
}
