// The `latency` plan type's shape: who is measured, what statistic, which thresholds decide.
import type { Combine } from '../combine-checks.js';
import type { Condition } from '../conditions.js';
import type { PlanHeader } from '../plan-registry.js';
import type { TimeWindow } from '../time-window.js';
import type { LocalAbPlan } from '../local-ab/local-ab-plan.js';

/** The per-run latency fields; remainder_ms is derived (total minus the three parts). */
export const SEGMENT_FIELDS = ['spawn_to_first_token_ms', 'cli_ready_ms', 'session_init_ms', 'model_first_token_ms', 'remainder_ms'] as const;
export type SegmentField = (typeof SEGMENT_FIELDS)[number];

/** Turn buckets: the first turn of a conversation, or every later one. */
export type TurnSelection = 'all' | '1' | '2+';

export interface NamedExclusion {
  readonly name: string;
  /** Why these runs are set aside, printed beside the count. */
  readonly reason: string;
  readonly where: readonly Condition[];
}

export interface Population {
  /** Default 'run_finished'. */
  readonly event: string;
  readonly window: TimeWindow;
  /** Fixed as-of time for relative windows (overridden by --as-of). */
  readonly asOf: Date | null;
  /** Its microseconds (0-999) past the millisecond, which a Date cannot hold. */
  readonly asOfMicros: number;
  readonly where: readonly Condition[];
  readonly turns: TurnSelection;
  /** Default 'turn_index'. */
  readonly turnProperty: string;
  /** The index of a conversation's first turn. Default 1. */
  readonly firstTurn: number;
  /** Default 'conversation_id' (runs without it cluster by distinct_id). */
  readonly conversationProperty: string;
  readonly exclusions: readonly NamedExclusion[];
}

export interface MinimumSample {
  readonly runs: number;
  readonly conversations: number;
}

export type LatencyMeasure =
  | { readonly kind: 'quantile'; readonly of: SegmentField; readonly quantile: number }
  | {
      readonly kind: 'ratio-quantile';
      readonly numerator: SegmentField;
      readonly denominator: SegmentField;
      /** quantile_of_ratios: Q_p(num_i / den_i); ratio_of_quantiles: Q_p(num) / Q_p(den). */
      readonly aggregate: 'quantile_of_ratios' | 'ratio_of_quantiles';
      readonly quantile: number;
    }
  | { readonly kind: 'share'; readonly of: 'negative_remainder' | 'missing_parts' | 'where'; readonly where: readonly Condition[] };

export interface LatencyStatistic {
  readonly id: string;
  readonly measure: LatencyMeasure;
  readonly turns: TurnSelection;
  /** Names of population exclusions applied to this statistic (default: all of them). */
  readonly exclusions: readonly string[];
  readonly minimumSample: MinimumSample;
}

export type ThresholdOp = '>=' | '>' | '<=' | '<';

export interface Threshold {
  readonly statistic: string;
  readonly op: ThresholdOp;
  readonly value: number;
}

export interface IntervalOptions {
  /** 'bootstrap' (seeded, over conversations) or 'dkl' (Deng-Knoblich-Lu outer interval). Default bootstrap. */
  readonly method: 'bootstrap' | 'dkl';
  /** Default 0.95. */
  readonly level: number;
  /** Default 2000. */
  readonly resamples: number;
  /** Default 1. */
  readonly seed: number;
}

export interface LatencyPlan extends PlanHeader {
  readonly type: 'latency';
  readonly population: Population;
  readonly minimumSample: MinimumSample;
  readonly interval: IntervalOptions;
  readonly statistics: readonly LatencyStatistic[];
  readonly decision: {
    readonly combine: Combine;
    /** 'point': the estimate decides; 'interval': the whole interval must clear the threshold (else unknown). Default point. */
    readonly evidence: 'point' | 'interval';
    readonly thresholds: readonly Threshold[];
  };
  readonly guardrails: readonly Threshold[];
  readonly localAb: LocalAbPlan | null;
  /** Who decides when production and the local A/B disagree; see breakTie. */
  readonly tieBreak: string;
}
