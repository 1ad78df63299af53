import { benjaminiHochbergAdjust } from '../stats/benjamini-hochberg-adjust.js';
import { holmAdjust } from '../stats/holm-adjust.js';
import type { Correction } from './experiment-options.js';
import type { MetricResult } from './experiment-result.js';

/**
 * Sets `adjustedPValue` on every non-control variant of every metric, adjusting jointly across
 * all (metric x variant) comparisons of the run. Comparisons without a p-value stay null.
 */
export function adjustPValues(results: MetricResult[], correction: Correction): void {
  const slots: Array<{ pValue?: number | null | undefined; adjustedPValue?: number | null | undefined }> = [];
  for (const result of results) {
    for (const variant of result.variants) if (variant.variant !== result.control) slots.push(variant);
  }
  const present = slots.filter((s) => typeof s.pValue === 'number');
  const raw = present.map((s) => s.pValue as number);
  const adjusted = correction === 'holm' ? holmAdjust(raw) : correction === 'bh' ? benjaminiHochbergAdjust(raw) : raw;
  for (const slot of slots) slot.adjustedPValue = null;
  present.forEach((slot, i) => (slot.adjustedPValue = adjusted[i]!));
}
