// Warnings a change preview can give from the two documents alone, before any context is evaluated.
import { childPath } from '../json/json-path.js';
import { stageRank, ROLLOUT_STAGES, type RolloutStage } from '../rollout/rollout-spec.js';
import { fractionalSplits } from './fractional-splits.js';

/** The kinds of warning a preview gives; stable strings for scripts. */
export type PreviewWarningKind =
  | 'access-removed'
  | 'rebucket'
  | 'reallocation'
  | 'removed-but-required'
  | 'prerequisite-dropped';

export interface PreviewWarning {
  readonly kind: PreviewWarningKind;
  readonly flagKey: string;
  readonly message: string;
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function flagsOf(doc: unknown): Obj {
  return isObject(doc) && isObject(doc['flags']) ? doc['flags'] : {};
}

function evaluatorsOf(doc: unknown): Obj {
  return isObject(doc) && isObject(doc['$evaluators']) ? doc['$evaluators'] : {};
}

function requiresOf(flag: unknown): string[] {
  return isObject(flag) && Array.isArray(flag['requires']) ? flag['requires'].filter((r): r is string => typeof r === 'string') : [];
}

function stageOf(rollout: Obj): RolloutStage | undefined {
  const s = rollout['stage'];
  return typeof s === 'string' && (ROLLOUT_STAGES as readonly string[]).includes(s) ? (s as RolloutStage) : undefined;
}

/** What an edit of a rollout block takes away, in words, or undefined. */
export function rolloutAccessLoss(before: Obj, after: Obj): string[] {
  const reasons: string[] = [];
  const s0 = stageOf(before);
  const s1 = stageOf(after);
  if (after['killed'] === true && before['killed'] !== true) reasons.push('killed (admin-only)');
  if (s0 !== undefined && s1 !== undefined && stageRank(s1) < stageRank(s0)) reasons.push(`stage ${s0} -> ${s1}`);
  const p0 = before['percentage'];
  const p1 = after['percentage'];
  if (s0 === 'percentage' && s1 === 'percentage' && typeof p0 === 'number' && typeof p1 === 'number' && p1 < p0) reasons.push(`percentage ${p0}% -> ${p1}%`);
  const a0 = isObject(before['allow']) ? before['allow'] : {};
  const a1 = isObject(after['allow']) ? after['allow'] : {};
  for (const [attribute, list] of Object.entries(a0)) {
    if (!Array.isArray(list)) continue;
    const kept = Array.isArray(a1[attribute]) ? (a1[attribute] as unknown[]) : [];
    const gone = list.filter((v) => !kept.includes(v));
    if (gone.length > 0 && s1 !== 'ga') reasons.push(`allowlist ${attribute} loses ${gone.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  return reasons;
}

/**
 * Warnings from the documents' JSON: rollout ramps that take access away, rollout or `fractional`
 * changes that re-bucket (salt, bucketing attribute, variant order) or move contexts between arms
 * (weights), a removed flag that another still requires, and a child that silently lost a
 * prerequisite because the parent was removed.
 */
export function staticWarnings(oldDoc: unknown, newDoc: unknown): PreviewWarning[] {
  const warnings: PreviewWarning[] = [];
  const oldFlags = flagsOf(oldDoc);
  const newFlags = flagsOf(newDoc);
  for (const [key, oldFlag] of Object.entries(oldFlags)) {
    const newFlag = newFlags[key];
    if (newFlag === undefined) {
      const stillRequired = Object.entries(newFlags).filter(([, f]) => requiresOf(f).includes(key)).map(([k]) => k);
      if (stillRequired.length > 0) {
        warnings.push({ kind: 'removed-but-required', flagKey: key, message: `flag "${key}" is removed but ${stillRequired.map((k) => `"${k}"`).join(', ')} still require${stillRequired.length === 1 ? 's' : ''} it (the new document will not load)` });
      }
      const dropped = Object.entries(oldFlags).filter(([k, f]) => requiresOf(f).includes(key) && newFlags[k] !== undefined && !requiresOf(newFlags[k]).includes(key)).map(([k]) => k);
      for (const child of dropped) {
        warnings.push({ kind: 'prerequisite-dropped', flagKey: child, message: `"${child}" no longer requires the removed flag "${key}": it is no longer gated by it` });
      }
      continue;
    }
    if (!isObject(oldFlag) || !isObject(newFlag)) continue;
    const r0 = oldFlag['rollout'];
    const r1 = newFlag['rollout'];
    if (isObject(r0) && isObject(r1)) {
      const loss = rolloutAccessLoss(r0, r1);
      if (loss.length > 0) warnings.push({ kind: 'access-removed', flagKey: key, message: `ramp takes access away: ${loss.join('; ')}` });
      const salt0 = typeof r0['salt'] === 'string' ? r0['salt'] : key;
      const salt1 = typeof r1['salt'] === 'string' ? r1['salt'] : key;
      const by0 = typeof r0['bucketBy'] === 'string' ? r0['bucketBy'] : 'targetingKey';
      const by1 = typeof r1['bucketBy'] === 'string' ? r1['bucketBy'] : 'targetingKey';
      if (stageOf(r1) === 'percentage' && stageOf(r0) === 'percentage') {
        if (salt0 !== salt1) warnings.push({ kind: 'rebucket', flagKey: key, message: `re-buckets the rollout: salt "${salt0}" -> "${salt1}" (a different set of units is in)` });
        if (by0 !== by1) warnings.push({ kind: 'rebucket', flagKey: key, message: `re-buckets the rollout: bucketBy ${by0} -> ${by1}` });
      }
    }
    const f0 = fractionalSplits(oldFlag['targeting'], childPath(childPath('$.flags', key), 'targeting'), evaluatorsOf(oldDoc));
    const f1 = fractionalSplits(newFlag['targeting'], childPath(childPath('$.flags', key), 'targeting'), evaluatorsOf(newDoc));
    if (f0.length > 0 && f1.length !== f0.length) {
      warnings.push({ kind: 'rebucket', flagKey: key, message: `the number of fractional splits changes (${f0.length} -> ${f1.length}): a running experiment re-buckets` });
      continue;
    }
    f0.forEach((a, i) => {
      const b = f1[i]!;
      if (a.bucketBy !== b.bucketBy) {
        warnings.push({ kind: 'rebucket', flagKey: key, message: `re-buckets a running experiment: the fractional bucketing expression changes (${a.bucketBy ?? 'flag key + targetingKey'} -> ${b.bucketBy ?? 'flag key + targetingKey'}) at ${b.path}` });
      } else if (a.variants.join() !== b.variants.join()) {
        warnings.push({ kind: 'rebucket', flagKey: key, message: `re-buckets a running experiment: the fractional variants or their order change ([${a.variants.join(', ')}] -> [${b.variants.join(', ')}]) at ${b.path}` });
      } else if (a.weights.join() !== b.weights.join()) {
        warnings.push({ kind: 'reallocation', flagKey: key, message: `moves contexts between arms of a running experiment: weights ${a.weights.join('/')} -> ${b.weights.join('/')} at ${b.path}` });
      }
    });
  }
  return warnings;
}
