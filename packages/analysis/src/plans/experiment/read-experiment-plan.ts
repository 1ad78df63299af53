import type { MetricSpec } from '../../experiment/experiment-options.js';
import type { Combine } from '../combine-checks.js';
import { PROPERTY_PATTERN } from '../conditions.js';
import type { ComparisonOp } from '../judge-threshold.js';
import type { PlanCursor } from '../plan-reader.js';
import type { PlanHeader } from '../plan-registry.js';
import { parseDuration } from '../time-window.js';
import { EXPERIMENT_STATISTICS, type ExperimentPlan, type ExperimentStatistic, type ExperimentThreshold } from './experiment-plan.js';

export const EXPERIMENT_KEYS = ['experiment', 'metrics', 'srm', 'minimumSample', 'decision', 'guardrails'] as const;
const ID = /^[a-z][a-z0-9_]*$/;

/** The statistics analyzeExperiment gives the treatment of each metric kind a plan can declare. */
const STATISTICS_BY_KIND: Readonly<Record<'conversion' | 'continuous', readonly ExperimentStatistic[]>> = {
  conversion: ['rate', 'absolute_lift', 'relative_lift', 'p_value', 'adjusted_p_value', 'chance_to_beat_control'],
  continuous: ['mean', 'absolute_lift', 'relative_lift', 'p_value', 'adjusted_p_value'],
};

/** Validates the experiment-specific part of a plan; undefined when any issue was recorded. */
export function readExperimentPlan(root: PlanCursor, header: PlanHeader): ExperimentPlan | undefined {
  for (const key of ['experiment', 'metrics', 'minimumSample', 'decision']) if (!root.field(key).present) root.issue(`missing required key "${key}"`);
  const e = root.field('experiment');
  let experiment: ExperimentPlan['experiment'] | undefined;
  if (e.present && e.object(['flag', 'control', 'treatment', 'weights', 'unit', 'window', 'confidence', 'correction'], ['flag'])) {
    const flag = e.field('flag').string();
    const control = e.field('control').string({ required: false }) ?? 'control';
    const treatment = e.field('treatment').string({ required: false }) ?? null;
    // Judging the control against itself has no lift, p-value or chance to beat control: every threshold would be unknown.
    if (treatment !== null && treatment === control) e.field('treatment').issue(`the treatment must differ from the control "${control}"`);
    let weights: Record<string, number> | null = null;
    if (e.field('weights').present) {
      weights = {};
      for (const [variant, w] of e.field('weights').entries()) {
        const n = w.number({ exclusiveMin: 0 });
        if (n !== undefined) weights[variant] = n;
      }
      if (!(control in weights)) e.field('weights').issue(`weights must include the control "${control}"`);
    }
    const unit = e.field('unit').present ? (e.field('unit').string({ pattern: PROPERTY_PATTERN, patternHint: 'is not a usable property name' }) ?? '') : '';
    let windowSeconds = 0;
    if (e.field('window').present) {
      const text = e.field('window').string({ pattern: /^[1-9][0-9]*[mhdw]$/, patternHint: 'must be a duration such as 7d, 36h or 2w' });
      if (text) windowSeconds = parseDuration(text)! / 1000;
    }
    const confidence = e.field('confidence').number({ required: false, exclusiveMin: 0, exclusiveMax: 1 }) ?? 0.95;
    const correction = (e.field('correction').string({ required: false, oneOf: ['holm', 'bh', 'none'] }) ?? 'holm') as 'holm' | 'bh' | 'none';
    if (flag) experiment = { flag, control, treatment, weights, unit, windowSeconds, confidence, correction };
  }
  const ids = new Map<string, 'conversion' | 'continuous' | undefined>();
  const metrics = root
    .field('metrics')
    .items({ minItems: 1 })
    .map((m) => {
      if (!m.object(['id', 'conversion', 'continuous'], ['id'])) return undefined;
      const id = m.field('id').string({ pattern: ID, patternHint: 'must be lower-case letters, digits and _' });
      if (id && ids.has(id)) m.field('id').issue(`duplicate metric id "${id}"`);
      const kinds = ['conversion', 'continuous'].filter((k) => m.field(k).present);
      if (id && !ids.has(id)) ids.set(id, kinds.length === 1 ? (kinds[0] as 'conversion' | 'continuous') : undefined);
      if (kinds.length !== 1) return m.issue('a metric needs exactly one of conversion (an event name) or continuous ({event, property, aggregate})');
      let spec: MetricSpec | undefined;
      if (kinds[0] === 'conversion') {
        const event = m.field('conversion').string();
        if (event) spec = { kind: 'conversion', event };
      } else {
        const c = m.field('continuous');
        if (c.object(['event', 'property', 'aggregate'], ['event', 'property'])) {
          const event = c.field('event').string();
          const property = c.field('property').string({ pattern: PROPERTY_PATTERN, patternHint: 'is not a usable property name' });
          const aggregate = (c.field('aggregate').string({ required: false, oneOf: ['sum', 'mean'] }) ?? 'sum') as 'sum' | 'mean';
          if (event && property) spec = { kind: 'continuous', event, property, aggregate };
        }
      }
      return id && spec ? { id, spec } : undefined;
    });
  const s = root.field('srm');
  let srm: ExperimentPlan['srm'] | undefined = { alpha: 0.001, onFail: 'inconclusive' };
  if (s.present) {
    srm = undefined;
    if (s.object(['alpha', 'onFail'])) {
      const alpha = s.field('alpha').number({ required: false, exclusiveMin: 0, exclusiveMax: 1 }) ?? 0.001;
      const onFail = (s.field('onFail').string({ required: false, oneOf: ['inconclusive', 'no_go'] }) ?? 'inconclusive') as 'inconclusive' | 'no_go';
      srm = { alpha, onFail };
    }
  }
  const ms = root.field('minimumSample');
  let minimumSample: ExperimentPlan['minimumSample'] | undefined;
  if (ms.present && ms.object(['unitsPerVariant', 'conversionsPerVariant'], ['unitsPerVariant'])) {
    const unitsPerVariant = ms.field('unitsPerVariant').number({ integer: true, min: 1 });
    const conversionsPerVariant = ms.field('conversionsPerVariant').number({ required: false, integer: true, min: 0 }) ?? 0;
    if (unitsPerVariant !== undefined) minimumSample = { unitsPerVariant, conversionsPerVariant };
  }
  const d = root.field('decision');
  let decision: ExperimentPlan['decision'] | undefined;
  if (d.present && d.object(['combine', 'evidence', 'thresholds'], ['combine', 'thresholds'])) {
    const combine = d.field('combine').string({ oneOf: ['any', 'all'] }) as Combine | undefined;
    const evidence = (d.field('evidence').string({ required: false, oneOf: ['point', 'interval'] }) ?? 'point') as 'point' | 'interval';
    const thresholds = d.field('thresholds').items({ minItems: 1 }).map((t) => readThreshold(t, ids));
    if (combine && thresholds.every(Boolean)) decision = { combine, evidence, thresholds: thresholds as ExperimentThreshold[] };
  }
  const guardrails = root.field('guardrails').items({ required: false }).map((t) => readThreshold(t, ids));
  if (!experiment || metrics.some((m) => !m) || !srm || !minimumSample || !decision || guardrails.some((g) => !g)) return undefined;
  return {
    ...header,
    type: 'experiment',
    experiment,
    metrics: metrics as { id: string; spec: MetricSpec }[],
    srm,
    minimumSample,
    decision,
    guardrails: guardrails as ExperimentThreshold[],
  };
}

function readThreshold(c: PlanCursor, ids: ReadonlyMap<string, 'conversion' | 'continuous' | undefined>): ExperimentThreshold | undefined {
  if (!c.object(['metric', 'statistic', 'op', 'value'], ['metric', 'statistic', 'op', 'value'])) return undefined;
  const metric = c.field('metric').string();
  if (metric !== undefined && !ids.has(metric)) c.field('metric').issue(`unknown metric "${metric}" (defined: ${[...ids.keys()].join(', ') || 'none'})`);
  const statistic = c.field('statistic').string({ oneOf: EXPERIMENT_STATISTICS }) as ExperimentStatistic | undefined;
  // A statistic the metric's kind has not (mean of a conversion, rate of a continuous metric, ratio
  // of either) could never be settled: every evaluation would be INCONCLUSIVE.
  const kind = metric === undefined ? undefined : ids.get(metric);
  const applies = statistic === undefined || kind === undefined || STATISTICS_BY_KIND[kind].includes(statistic);
  if (!applies) c.field('statistic').issue(`a ${kind} metric has no ${statistic} (metric "${metric}" has: ${STATISTICS_BY_KIND[kind!].join(', ')})`);
  const op = c.field('op').string({ oneOf: ['>=', '>', '<=', '<'] }) as ComparisonOp | undefined;
  const value = c.field('value').number();
  return metric && ids.has(metric) && statistic && applies && op && value !== undefined ? { metric, statistic, op, value } : undefined;
}
