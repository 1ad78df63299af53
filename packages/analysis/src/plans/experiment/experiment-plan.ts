// The `experiment` plan type's shape: a flag's variants compared on metrics, behind an SRM gate.
import type { MetricSpec } from '../../experiment/experiment-options.js';
import type { Combine } from '../combine-checks.js';
import type { ComparisonOp } from '../judge-threshold.js';
import type { PlanHeader } from '../plan-registry.js';

/** What a threshold reads from a metric's treatment-vs-control comparison. */
export const EXPERIMENT_STATISTICS = ['rate', 'mean', 'ratio', 'absolute_lift', 'relative_lift', 'p_value', 'adjusted_p_value', 'chance_to_beat_control'] as const;
export type ExperimentStatistic = (typeof EXPERIMENT_STATISTICS)[number];

export interface ExperimentThreshold {
  readonly metric: string;
  readonly statistic: ExperimentStatistic;
  readonly op: ComparisonOp;
  readonly value: number;
}

export interface ExperimentPlan extends PlanHeader {
  readonly type: 'experiment';
  readonly experiment: {
    readonly flag: string;
    /** Default 'control'. */
    readonly control: string;
    /** The variant judged against control. Required when there are several. */
    readonly treatment: string | null;
    readonly weights: Readonly<Record<string, number>> | null;
    /** '' = distinct id. */
    readonly unit: string;
    /** Conversion window in seconds, 0 = none. */
    readonly windowSeconds: number;
    /** Default 0.95. */
    readonly confidence: number;
    /** Default holm. */
    readonly correction: 'holm' | 'bh' | 'none';
  };
  readonly metrics: readonly { readonly id: string; readonly spec: MetricSpec }[];
  readonly srm: { readonly alpha: number; readonly onFail: 'inconclusive' | 'no_go' };
  readonly minimumSample: { readonly unitsPerVariant: number; readonly conversionsPerVariant: number };
  readonly decision: { readonly combine: Combine; readonly evidence: 'point' | 'interval'; readonly thresholds: readonly ExperimentThreshold[] };
  readonly guardrails: readonly ExperimentThreshold[];
}
