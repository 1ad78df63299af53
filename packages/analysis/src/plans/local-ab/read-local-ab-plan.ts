import { PROPERTY_PATTERN } from '../conditions.js';
import type { PlanCursor } from '../plan-reader.js';
import type { Alternative } from '../../stats/wilcoxon-signed-rank.js';
import type { LocalAbPlan, PairedTest, PairSource } from './local-ab-plan.js';

/** Validates a `localAB:` block; undefined after recording issues. */
export function readLocalAbPlan(c: PlanCursor): LocalAbPlan | undefined {
  if (!c.object(['source', 'arms', 'metric', 'minPairs', 'alternative', 'alpha', 'tests', 'combine', 'minEffect', 'required'], ['source', 'arms', 'metric', 'minPairs'])) {
    return undefined;
  }
  const source = readSource(c.field('source'));
  const armsCursor = c.field('arms');
  let arms: LocalAbPlan['arms'] | undefined;
  if (armsCursor.object(['baseline', 'treatment'], ['baseline', 'treatment'])) {
    const baseline = armsCursor.field('baseline').string();
    const treatment = armsCursor.field('treatment').string();
    if (baseline && baseline === treatment) armsCursor.issue('baseline and treatment must differ');
    else if (baseline && treatment) arms = { baseline, treatment };
  }
  const metric = c.field('metric').string({ pattern: PROPERTY_PATTERN, patternHint: 'is not a usable property/column name' });
  const minPairs = c.field('minPairs').number({ integer: true, min: 2 });
  const alternative = (c.field('alternative').string({ required: false, oneOf: ['two-sided', 'greater', 'less'] }) ?? 'greater') as Alternative;
  const alpha = c.field('alpha').number({ required: false, exclusiveMin: 0, exclusiveMax: 1 }) ?? 0.05;
  const testsCursor = c.field('tests');
  const tests = testsCursor.present
    ? testsCursor.items({ minItems: 1 }).map((t) => t.string({ oneOf: ['wilcoxon', 'paired_t'] }) as PairedTest | undefined)
    : (['wilcoxon', 'paired_t'] as PairedTest[]);
  const combine = (c.field('combine').string({ required: false, oneOf: ['any', 'all'] }) ?? 'all') as 'any' | 'all';
  const required = c.field('required').boolean({ required: false }) ?? true;
  let minEffect: LocalAbPlan['minEffect'] | undefined = null;
  const e = c.field('minEffect');
  if (e.present) {
    minEffect = undefined;
    if (e.object(['absolute', 'relative'])) {
      const abs = e.field('absolute').number({ required: false, min: 0 });
      const rel = e.field('relative').number({ required: false, min: 0, max: 1 });
      if ((abs === undefined) === (rel === undefined)) e.issue('give exactly one of absolute (in the metric\'s unit) or relative (a fraction of the baseline)');
      else minEffect = abs !== undefined ? { kind: 'absolute', value: abs } : { kind: 'relative', value: rel! };
    }
  }
  if (!source || !arms || !metric || minPairs === undefined || tests.some((t) => !t) || minEffect === undefined) return undefined;
  return { source, arms, metric, minPairs, alternative, alpha, tests: tests as PairedTest[], combine, minEffect, required };
}

function readSource(c: PlanCursor): PairSource | undefined {
  if (!c.object(['file', 'pairColumn', 'armColumn', 'event', 'pairProperty', 'armProperty'])) return undefined;
  const hasFile = c.field('file').present;
  const hasEvent = c.field('event').present;
  if (hasFile === hasEvent) return c.issue('give exactly one of file (JSON lines or CSV of runs with pair id and arm) or event (loaded events with pair id and arm properties)');
  const name = (key: string, fallback: string) => c.field(key).string({ required: false, pattern: PROPERTY_PATTERN, patternHint: 'is not a usable name' }) ?? fallback;
  if (hasFile) {
    for (const k of ['pairProperty', 'armProperty']) if (c.field(k).present) c.field(k).issue(`${k} belongs to an event source; a file uses pairColumn/armColumn`, true);
    const path = c.field('file').string();
    return path ? { kind: 'file', path, pairColumn: name('pairColumn', 'pair_id'), armColumn: name('armColumn', 'arm') } : undefined;
  }
  for (const k of ['pairColumn', 'armColumn']) if (c.field(k).present) c.field(k).issue(`${k} belongs to a file source; events use pairProperty/armProperty`, true);
  const event = c.field('event').string();
  return event ? { kind: 'events', event, pairProperty: name('pairProperty', 'pair_id'), armProperty: name('armProperty', 'arm') } : undefined;
}
