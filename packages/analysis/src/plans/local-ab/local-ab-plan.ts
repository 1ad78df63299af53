// The optional paired local A/B of a latency plan (e.g. fresh vs resumed sessions on one machine).
import type { Alternative } from '../../stats/wilcoxon-signed-rank.js';

/**
 * Where pairs come from. Both are "long": one record per run with a pair id, an arm and the metric.
 * - file: JSON lines or CSV (columns pair_id, arm, and the metric), path relative to the plan;
 * - events: loaded events named `event` whose properties carry the pair id and arm.
 */
export type PairSource =
  | { readonly kind: 'file'; readonly path: string; readonly pairColumn: string; readonly armColumn: string }
  | { readonly kind: 'events'; readonly event: string; readonly pairProperty: string; readonly armProperty: string };

export type PairedTest = 'wilcoxon' | 'paired_t';

export interface LocalAbPlan {
  readonly source: PairSource;
  readonly arms: { readonly baseline: string; readonly treatment: string };
  /** The per-run number compared, e.g. spawn_to_first_token_ms. */
  readonly metric: string;
  readonly minPairs: number;
  /** Direction of baseline - treatment the plan expects; 'greater' = treatment is lower (faster). */
  readonly alternative: Alternative;
  readonly alpha: number;
  readonly tests: readonly PairedTest[];
  /** 'all': every listed test significant; 'any': one is enough. */
  readonly combine: 'any' | 'all';
  /** Smallest effect worth a GO: median paired (baseline - treatment) in ms, or relative to the baseline. */
  readonly minEffect: { readonly kind: 'absolute' | 'relative'; readonly value: number } | null;
  /** An inconclusive local A/B makes the plan inconclusive. Default true. */
  readonly required: boolean;
}
