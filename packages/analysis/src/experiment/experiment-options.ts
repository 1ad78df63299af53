/** What is measured per unit after its first exposure. */
export type MetricSpec =
  /** Converted: the unit did `event` at least once. */
  | { kind: 'conversion'; event: string }
  /** The sum (every exposed unit, 0 when none) or mean (units with a value) of a numeric property of `event`. */
  | { kind: 'continuous'; event: string; property: string; aggregate: 'sum' | 'mean' }
  /**
   * sum(X) / sum(Y) over units: X = sum of `property` over `event` (count when no property),
   * Y = sum of `denominatorProperty` over `denominatorEvent` (count when none).
   */
  | { kind: 'ratio'; event: string; property?: string; denominatorEvent: string; denominatorProperty?: string };

export type Correction = 'holm' | 'bh' | 'none';

export interface ExperimentOptions {
  /** The flag key, as in `$feature_flag` of `$feature_flag_called` events. Required. */
  flag: string;
  /** One or more metrics; p-values are adjusted across all (metric x variant) comparisons. Required. */
  metrics: MetricSpec[];
  /**
   * The control variant. Default: 'control' when present, else the first key of `weights` (in
   * `Object.keys` order, which puts integer-like names first: name the control when they are variants).
   */
  control?: string;
  /** Configured traffic weights per variant, for the SRM test. Default: equal over the observed variants. */
  weights?: Record<string, number>;
  /**
   * '' or 'distinct_id' (default) = the event's distinct id is the unit (the result names it
   * 'distinct_id'); else the event property holding it (e.g. 'orgId').
   */
  unit?: string;
  /** Conversion window after the first exposure, in seconds. Default 0 = no limit. */
  windowSeconds?: number;
  /** Confidence level for every interval. Default 0.95. */
  confidence?: number;
  /** Multiple-comparison adjustment. Default 'holm'. */
  correction?: Correction;
  /** SRM p-value below which a mismatch warning is raised. Default 0.001. */
  srmAlpha?: number;
}

export type ResolvedExperimentOptions = Required<Omit<ExperimentOptions, 'control' | 'weights'>> &
  Pick<ExperimentOptions, 'control' | 'weights'>;

/** Fills in the defaults documented above (the one place they are resolved). */
export function resolveExperimentOptions(options: ExperimentOptions): ResolvedExperimentOptions {
  return {
    flag: options.flag,
    metrics: options.metrics,
    control: options.control,
    weights: options.weights,
    unit: options.unit === undefined || options.unit === 'distinct_id' ? '' : options.unit,
    windowSeconds: options.windowSeconds ?? 0,
    confidence: options.confidence ?? 0.95,
    correction: options.correction ?? 'holm',
    srmAlpha: options.srmAlpha ?? 0.001,
  };
}
