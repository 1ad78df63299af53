import type { Combine } from '../combine-checks.js';
import { PROPERTY_PATTERN, readConditions } from '../conditions.js';
import { readLocalAbPlan } from '../local-ab/read-local-ab-plan.js';
import type { PlanCursor } from '../plan-reader.js';
import type { PlanHeader } from '../plan-registry.js';
import { readInstant, readTimeWindow } from '../time-window.js';
import {
  SEGMENT_FIELDS,
  type IntervalOptions,
  type LatencyMeasure,
  type LatencyPlan,
  type LatencyStatistic,
  type MinimumSample,
  type NamedExclusion,
  type Population,
  type SegmentField,
  type Threshold,
  type ThresholdOp,
  type TurnSelection,
} from './latency-plan.js';

export const LATENCY_KEYS = ['population', 'minimumSample', 'interval', 'statistics', 'decision', 'guardrails', 'localAB', 'tieBreak'] as const;
const ID = /^[a-z][a-z0-9_]*$/;
const ID_HINT = 'must be lower-case letters, digits and _ (starting with a letter)';
const TURNS = ['all', '1', '2+'] as const;

/** Validates the latency-specific part of a plan; undefined when any issue was recorded. */
export function readLatencyPlan(root: PlanCursor, header: PlanHeader): LatencyPlan | undefined {
  for (const key of ['population', 'minimumSample', 'statistics', 'decision']) if (!root.field(key).present) root.issue(`missing required key "${key}"`);
  const population = readPopulation(root.field('population'));
  const minimumSample = readMinimumSample(root.field('minimumSample'));
  const interval = readInterval(root.field('interval'));
  const exclusionNames = population?.exclusions.map((e) => e.name) ?? [];
  const statistics = root
    .field('statistics')
    .items({ minItems: 1 })
    .map((c) => readStatistic(c, population?.turns ?? 'all', exclusionNames, minimumSample, interval));
  const ids = new Set<string>();
  // Ids come from the raw entries, so one broken statistic does not cascade into "unknown
  // statistic" errors on every threshold that names it.
  root.field('statistics').items({ required: false }).forEach((c) => {
    const id = c.field('id').value;
    if (typeof id === 'string' && id !== '') {
      if (ids.has(id)) c.field('id').issue(`duplicate statistic id "${id}"`);
      ids.add(id);
    }
  });
  const decision = root.field('decision');
  let combine: Combine | undefined;
  let evidence: 'point' | 'interval' | undefined = 'point';
  let thresholds: (Threshold | undefined)[] = [];
  if (decision.object(['combine', 'evidence', 'thresholds'], ['combine', 'thresholds'])) {
    combine = decision.field('combine').string({ oneOf: ['any', 'all'] }) as Combine | undefined;
    evidence = (decision.field('evidence').string({ required: false, oneOf: ['point', 'interval'] }) ?? 'point') as 'point' | 'interval';
    thresholds = decision.field('thresholds').items({ minItems: 1 }).map((c) => readThreshold(c, ids));
  }
  const guardrails = root.field('guardrails').items({ required: false }).map((c) => readThreshold(c, ids));
  const localAbCursor = root.field('localAB');
  const localAb = localAbCursor.present ? readLocalAbPlan(localAbCursor) : null;
  const tieBreakCursor = root.field('tieBreak');
  let tieBreak = 'production';
  if (localAbCursor.present && !tieBreakCursor.present) {
    root.issue('missing required key "tieBreak" (a plan with a local A/B must say who decides when production and the local A/B disagree: production, local_ab, inconclusive or no_go)');
  } else if (tieBreakCursor.present) {
    tieBreak = tieBreakCursor.string({ oneOf: ['production', 'local_ab', 'inconclusive', 'no_go'] }) ?? tieBreak;
  }
  if (!population || !minimumSample || !interval || !combine || statistics.some((s) => !s) || thresholds.some((t) => !t) || guardrails.some((g) => !g) || localAb === undefined) {
    return undefined;
  }
  return {
    ...header,
    type: 'latency',
    population,
    minimumSample,
    interval,
    statistics: statistics as LatencyStatistic[],
    decision: { combine, evidence, thresholds: thresholds as Threshold[] },
    guardrails: guardrails as Threshold[],
    localAb,
    tieBreak,
  };
}

function readPopulation(c: PlanCursor): Population | undefined {
  if (!c.present) return undefined;
  if (!c.object(['event', 'window', 'asOf', 'where', 'turns', 'turnProperty', 'firstTurn', 'conversationProperty', 'exclusions'])) return undefined;
  const event = c.field('event').string({ required: false }) ?? 'run_finished';
  const window = readTimeWindow(c.field('window'));
  // (UTC when the text names no offset, as for window bounds: see parseUtcInstant)
  const asOf = readInstant(c.field('asOf')) ?? null;
  const where = readConditions(c.field('where'));
  const turns = readTurns(c.field('turns')) ?? 'all';
  const property = (name: string, fallback: string) =>
    c.field(name).string({ required: false, pattern: PROPERTY_PATTERN, patternHint: 'is not a usable property name' }) ?? fallback;
  const turnProperty = property('turnProperty', 'turn_index');
  const conversationProperty = property('conversationProperty', 'conversation_id');
  const firstTurn = c.field('firstTurn').number({ required: false, integer: true, min: 0 }) ?? 1;
  const names = new Set<string>();
  const exclusions = c
    .field('exclusions')
    .items({ required: false })
    .map((e): NamedExclusion | undefined => {
      if (!e.object(['name', 'reason', 'where'], ['name', 'reason', 'where'])) return undefined;
      const name = e.field('name').string({ pattern: ID, patternHint: ID_HINT });
      const reason = e.field('reason').string();
      const conditions = readConditions(e.field('where'));
      if (name && names.has(name)) e.field('name').issue(`duplicate exclusion name "${name}"`);
      if (name) names.add(name);
      if (e.field('where').present && conditions.length === 0) e.field('where').issue('an exclusion needs at least one condition');
      return name && reason && conditions.length > 0 ? { name, reason, where: conditions } : undefined;
    });
  if (window === undefined || exclusions.some((e) => !e)) return undefined;
  return { event, window, asOf: asOf?.date ?? null, asOfMicros: asOf?.micros ?? 0, where, turns, turnProperty, firstTurn, conversationProperty, exclusions: exclusions as NamedExclusion[] };
}

function readTurns(c: PlanCursor): TurnSelection | undefined {
  if (!c.present) return undefined;
  const v = typeof c.value === 'number' ? String(c.value) : c.value;
  if (typeof v !== 'string' || !(TURNS as readonly string[]).includes(v)) return c.issue(`must be one of all, 1, "2+" (got ${JSON.stringify(c.value)})`);
  return v as TurnSelection;
}

function readMinimumSample(c: PlanCursor): MinimumSample | undefined {
  // Absence is reported once, by the caller's required-key check.
  if (!c.present) return undefined;
  if (!c.object(['runs', 'conversations'], ['runs', 'conversations'])) return undefined;
  const runs = c.field('runs').number({ integer: true, min: 1 });
  const conversations = c.field('conversations').number({ integer: true, min: 1 });
  return runs !== undefined && conversations !== undefined ? { runs, conversations } : undefined;
}

function readInterval(c: PlanCursor): IntervalOptions | undefined {
  const defaults: IntervalOptions = { method: 'bootstrap', level: 0.95, resamples: 2000, seed: 1 };
  if (!c.present) return defaults;
  if (!c.object(['method', 'level', 'resamples', 'seed'])) return undefined;
  const method = (c.field('method').string({ required: false, oneOf: ['bootstrap', 'dkl'] }) ?? defaults.method) as IntervalOptions['method'];
  const level = c.field('level').number({ required: false, exclusiveMin: 0, exclusiveMax: 1 }) ?? defaults.level;
  const resamples = c.field('resamples').number({ required: false, integer: true, min: 100, max: 100_000 }) ?? defaults.resamples;
  const seed = c.field('seed').number({ required: false, integer: true }) ?? defaults.seed;
  return { method, level, resamples, seed };
}

function readSegment(c: PlanCursor): SegmentField | undefined {
  return c.string({ oneOf: SEGMENT_FIELDS }) as SegmentField | undefined;
}

function readStatistic(
  c: PlanCursor,
  populationTurns: TurnSelection,
  exclusionNames: readonly string[],
  planMinimum: MinimumSample | undefined,
  interval: IntervalOptions | undefined,
): LatencyStatistic | undefined {
  if (!c.object(['id', 'quantile', 'of', 'ratio', 'aggregate', 'share', 'turns', 'exclusions', 'minimumSample'], ['id'])) return undefined;
  const id = c.field('id').string({ pattern: ID, patternHint: ID_HINT });
  const kinds = ['of', 'ratio', 'share'].filter((k) => c.field(k).present);
  let measure: LatencyMeasure | undefined;
  if (kinds.length !== 1) {
    c.issue('a statistic needs exactly one of: of (a segment quantile), ratio (a quantile of a ratio), share (a proportion of runs)');
  } else if (kinds[0] === 'of') {
    const of = readSegment(c.field('of'));
    const quantile = c.field('quantile').number({ exclusiveMin: 0, exclusiveMax: 1 });
    if (c.field('aggregate').present) c.field('aggregate').issue('aggregate applies to ratio statistics only', true);
    if (of && quantile !== undefined) measure = { kind: 'quantile', of, quantile };
  } else if (kinds[0] === 'ratio') {
    const r = c.field('ratio');
    if (r.object(['numerator', 'denominator'], ['numerator', 'denominator'])) {
      const numerator = readSegment(r.field('numerator'));
      const denominator = readSegment(r.field('denominator'));
      const quantile = c.field('quantile').number({ exclusiveMin: 0, exclusiveMax: 1 });
      // The two readings differ (a quantile of per-run ratios is not a ratio of quantiles), so a
      // plan must say which it means; there is deliberately no default.
      const aggregate = c.field('aggregate').present
        ? c.field('aggregate').string({ oneOf: ['quantile_of_ratios', 'ratio_of_quantiles'] })
        : c.issue('a ratio statistic must state aggregate: quantile_of_ratios or ratio_of_quantiles (they are different numbers)');
      if (aggregate === 'ratio_of_quantiles' && interval?.method === 'dkl') c.field('aggregate').issue('ratio_of_quantiles needs interval.method: bootstrap (the DKL interval covers a single quantile)');
      if (numerator && denominator && numerator === denominator) r.issue('numerator and denominator are the same segment');
      if (numerator && denominator && quantile !== undefined && aggregate) {
        measure = { kind: 'ratio-quantile', numerator, denominator, aggregate: aggregate as 'quantile_of_ratios' | 'ratio_of_quantiles', quantile };
      }
    }
  } else {
    const s = c.field('share');
    if (c.field('quantile').present) c.field('quantile').issue('quantile does not apply to a share', true);
    if (c.field('aggregate').present) c.field('aggregate').issue('aggregate applies to ratio statistics only', true);
    if (s.value === 'negative_remainder' || s.value === 'missing_parts') measure = { kind: 'share', of: s.value, where: [] };
    else if (typeof s.value === 'object' && s.value !== null && !Array.isArray(s.value)) {
      if (s.object(['where'], ['where'])) {
        const where = readConditions(s.field('where'));
        if (where.length > 0) measure = { kind: 'share', of: 'where', where };
      }
    } else s.issue('must be negative_remainder, missing_parts, or { where: {...conditions} }');
  }
  let turns = populationTurns;
  const t = c.field('turns');
  if (t.present) {
    const own = readTurns(t);
    if (own !== undefined && populationTurns !== 'all' && own !== populationTurns) t.issue(`the population is already restricted to turns ${populationTurns}`);
    else if (own !== undefined) turns = own;
  }
  let exclusions = exclusionNames;
  const e = c.field('exclusions');
  if (e.present) {
    exclusions = e.items().map((x) => {
      const name = x.string();
      if (name !== undefined && !exclusionNames.includes(name)) x.issue(`unknown exclusion "${name}" (population.exclusions names: ${exclusionNames.join(', ') || 'none'})`);
      return name ?? '';
    });
  }
  const own = c.field('minimumSample').present ? readMinimumSample(c.field('minimumSample')) : planMinimum;
  if (!id || !measure || !own) return undefined;
  return { id, measure, turns, exclusions, minimumSample: own };
}

function readThreshold(c: PlanCursor, ids: ReadonlySet<string>): Threshold | undefined {
  if (!c.object(['statistic', 'op', 'value'], ['statistic', 'op', 'value'])) return undefined;
  const statistic = c.field('statistic').string();
  if (statistic !== undefined && !ids.has(statistic)) c.field('statistic').issue(`unknown statistic "${statistic}" (defined: ${[...ids].join(', ') || 'none'})`);
  const op = c.field('op').string({ oneOf: ['>=', '>', '<=', '<'] }) as ThresholdOp | undefined;
  const value = c.field('value').number();
  return statistic && ids.has(statistic) && op && value !== undefined ? { statistic, op, value } : undefined;
}
