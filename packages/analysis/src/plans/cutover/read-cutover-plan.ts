import type { PlanCursor } from '../plan-reader.js';
import type { PlanHeader } from '../plan-registry.js';
import { readTimeWindow } from '../time-window.js';
import type { CutoverPlan } from './cutover-plan.js';


export const CUTOVER_KEYS = ['input', 'population', 'minimumSample', 'decision', 'interval'] as const;

/**
 * Validates a `cutover` plan:
 *
 *   input:         { shadowLog: path }                       optional (else --shadow-log)
 *   population:    { flags: [..], mode: shadow|route|any, window: { last: 7d } | { from, to } }   optional
 *   minimumSample: { comparisons: 10000, perFlag: 100 }      required
 *   decision:      { agreement: 0.999, flagAgreement: 0.99, evidence: point|interval, maxBadLineShare: 0.01 }
 *   interval:      { level: 0.95 }                            optional
 */
export function readCutoverPlan(root: PlanCursor, header: PlanHeader): CutoverPlan | undefined {
  for (const key of ['minimumSample', 'decision']) if (!root.field(key).present) root.issue(`missing required key "${key}"`);
  let shadowLog: string | null = null;
  const input = root.field('input');
  if (input.present && input.object(['shadowLog'])) shadowLog = input.field('shadowLog').string({ required: false }) ?? null;

  let flags: string[] | null = null;
  let mode: CutoverPlan['mode'] | undefined = 'shadow';
  let window: CutoverPlan['window'] | undefined = { kind: 'all' };
  const population = root.field('population');
  if (population.present && population.object(['flags', 'mode', 'window'])) {
    const flagCursor = population.field('flags');
    if (flagCursor.present) flags = flagCursor.items({ minItems: 1 }).map((c) => c.string() ?? '');
    mode = (population.field('mode').string({ required: false, oneOf: ['shadow', 'route', 'any'] }) ?? 'shadow') as CutoverPlan['mode'];
    window = readTimeWindow(population.field('window'));
  }

  let minComparisons: number | undefined;
  let minPerFlag: number | undefined = 100;
  const sample = root.field('minimumSample');
  if (sample.present && sample.object(['comparisons', 'perFlag'], ['comparisons'])) {
    // Not required here: object() already reported a missing key once.
    minComparisons = sample.field('comparisons').number({ integer: true, min: 1, required: false });
    minPerFlag = sample.field('perFlag').number({ integer: true, min: 1, required: false }) ?? 100;
  }

  let agreement: number | undefined;
  let flagAgreement: number | undefined;
  let evidence: CutoverPlan['evidence'] | undefined = 'point';
  let maxBadLineShare: number | undefined = 0.01;
  const decision = root.field('decision');
  if (decision.present && decision.object(['agreement', 'flagAgreement', 'evidence', 'maxBadLineShare'], ['agreement'])) {
    agreement = decision.field('agreement').number({ exclusiveMin: 0, max: 1 });
    flagAgreement = decision.field('flagAgreement').number({ exclusiveMin: 0, max: 1, required: false }) ?? agreement;
    evidence = (decision.field('evidence').string({ required: false, oneOf: ['point', 'interval'] }) ?? 'point') as CutoverPlan['evidence'];
    maxBadLineShare = decision.field('maxBadLineShare').number({ min: 0, max: 1, required: false }) ?? 0.01;
  }

  let level: number | undefined = 0.95;
  const interval = root.field('interval');
  if (interval.present && interval.object(['level'])) level = interval.field('level').number({ exclusiveMin: 0, exclusiveMax: 1, required: false }) ?? 0.95;

  if (window === undefined || mode === undefined || minComparisons === undefined || minPerFlag === undefined || agreement === undefined || flagAgreement === undefined || evidence === undefined || maxBadLineShare === undefined || level === undefined) return undefined;
  return { ...header, type: 'cutover', shadowLog, flags, mode, window, minComparisons, minPerFlag, agreement, flagAgreement, evidence, maxBadLineShare, level };
}
