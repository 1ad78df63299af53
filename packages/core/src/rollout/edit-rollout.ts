// Pure edits of a flag's `rollout` block inside a whole flagd document: what `rollgate flags`
// (and any admin surface) applies, validated by compiling the whole new document.
import { compileFlagdWithRollout } from './compile-flagd-with-rollout.js';
import { childPath } from '../json/json-path.js';
import type { CompiledDocument, DefinitionIssue, JsonObject, JsonValue, Result } from '../types.js';
import { jsonChanges, type JsonChange } from './json-changes.js';
import { ROLLOUT_STAGES, stageRank, type RolloutStage } from './rollout-spec.js';

/** The edits `rollgate flags` offers. */
export type RolloutEdit =
  | { readonly kind: 'set-stage'; readonly stage: RolloutStage; /** Also set the percentage (0..100). */ readonly percentage?: number }
  | { readonly kind: 'set-percentage'; readonly percentage: number }
  | { readonly kind: 'allow'; readonly attribute: string; readonly values: readonly (string | number)[] }
  | { readonly kind: 'disallow'; readonly attribute: string; readonly values: readonly (string | number)[] }
  | { readonly kind: 'kill' }
  | { readonly kind: 'unkill' };

export interface RolloutEditOutcome {
  /** The whole new document (a copy; the input is not modified). */
  readonly document: JsonObject;
  /** The new document, compiled: proof that it loads. */
  readonly compiled: CompiledDocument;
  /** The flag's `rollout` block before and after. */
  readonly before: JsonValue;
  readonly after: JsonValue;
  /** Field-level changes, with paths into the document. Empty for an edit that changes nothing. */
  readonly changes: readonly JsonChange[];
  /**
   * Set when the edit takes access away from someone who had it, saying how: a lower stage, a lower
   * percentage, an allowlist entry removed, a kill. Callers decide whether to require confirmation.
   */
  readonly takesAccessAway: string | undefined;
  /** Non-fatal notes for the person editing (e.g. a percentage staged below stage "percentage"). */
  readonly notes: readonly string[];
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(path: string, message: string, flagKey?: string): { ok: false; error: DefinitionIssue[] } {
  return { ok: false, error: [{ path, message, ...(flagKey === undefined ? {} : { flagKey }) }] };
}

/** Basis points of a percentage, or undefined when it is not a 0..100 number with <= 2 decimals. */
function toBasisPoints(percentage: unknown): number | undefined {
  if (typeof percentage !== 'number' || !Number.isFinite(percentage) || percentage < 0 || percentage > 100) return undefined;
  const bp = Math.round(percentage * 100);
  return Math.abs(bp - percentage * 100) > 1e-6 ? undefined : bp;
}

/**
 * Applies one edit to `flagKey`'s rollout block and validates the whole resulting document with
 * `compileFlagdWithRollout` (strict). Fails, with issues naming paths, when the document or flag is not
 * there, the flag has no rollout block, the edit is malformed, or the new document would not load.
 * Pure: same inputs, same output; nothing is written.
 */
export function applyRolloutEdit(document: unknown, flagKey: string, edit: RolloutEdit): Result<RolloutEditOutcome, DefinitionIssue[]> {
  if (!isObject(document) || !isObject(document['flags'])) return fail('$.flags', 'the document has no "flags" object');
  const flagPath = childPath('$.flags', flagKey);
  const oldFlag = document['flags'][flagKey];
  if (oldFlag === undefined) {
    const known = Object.keys(document['flags']);
    return fail(flagPath, `no flag "${flagKey}" (flags: ${known.join(', ') || 'none'})`, flagKey);
  }
  if (!isObject(oldFlag) || !isObject(oldFlag['rollout'])) {
    return fail(childPath(flagPath, 'rollout'), `flag "${flagKey}" has no rollout block; add one, e.g. "rollout": {"stage": "admin"}`, flagKey);
  }
  const rolloutPath = childPath(flagPath, 'rollout');
  const before = oldFlag['rollout'];
  const rollout = JSON.parse(JSON.stringify(before)) as JsonObject;
  const notes: string[] = [];
  let takesAccessAway: string | undefined;
  const oldStage = typeof before['stage'] === 'string' && (ROLLOUT_STAGES as readonly string[]).includes(before['stage']) ? (before['stage'] as RolloutStage) : undefined;
  const oldBp = toBasisPoints(before['percentage']);

  switch (edit.kind) {
    case 'set-stage': {
      if (!(ROLLOUT_STAGES as readonly string[]).includes(edit.stage)) {
        return fail(childPath(rolloutPath, 'stage'), `unknown stage "${edit.stage}" (stages: ${ROLLOUT_STAGES.join(', ')})`, flagKey);
      }
      if (edit.percentage !== undefined) rollout['percentage'] = edit.percentage;
      rollout['stage'] = edit.stage;
      if (oldStage !== undefined && stageRank(edit.stage) < stageRank(oldStage)) takesAccessAway = `stage goes down from "${oldStage}" to "${edit.stage}"`;
      const newBp = toBasisPoints(rollout['percentage']);
      if (takesAccessAway === undefined && edit.stage === 'percentage' && oldStage === 'percentage' && oldBp !== undefined && newBp !== undefined && newBp < oldBp) {
        takesAccessAway = `percentage goes down from ${oldBp / 100}% to ${newBp / 100}%`;
      }
      break;
    }
    case 'set-percentage': {
      rollout['percentage'] = edit.percentage;
      const newBp = toBasisPoints(edit.percentage);
      if (oldStage === 'ga') {
        rollout['stage'] = 'percentage';
        takesAccessAway = `stage goes down from "ga" to "percentage" at ${edit.percentage}%`;
      } else if (oldStage === 'admin' || oldStage === 'allowlist') {
        // Ramping by number is the common path (allowlist -> 5%): move to stage percentage.
        rollout['stage'] = 'percentage';
        notes.push(`stage moves from "${oldStage}" to "percentage"`);
      } else if (oldStage === 'percentage' && oldBp !== undefined && newBp !== undefined && newBp < oldBp) {
        takesAccessAway = `percentage goes down from ${oldBp / 100}% to ${newBp / 100}%`;
      }
      break;
    }
    case 'allow':
    case 'disallow': {
      if (edit.attribute === '') return fail(childPath(rolloutPath, 'allow'), 'the attribute name must not be empty', flagKey);
      if (edit.values.length === 0) return fail(childPath(rolloutPath, 'allow'), `give at least one value to ${edit.kind}`, flagKey);
      const allow: JsonObject = isObject(rollout['allow']) ? rollout['allow'] : {};
      const listPath = childPath(childPath(rolloutPath, 'allow'), edit.attribute);
      const current = allow[edit.attribute];
      if (current !== undefined && !Array.isArray(current)) return fail(listPath, 'is not an array; fix the document by hand first', flagKey);
      const list: JsonValue[] = current === undefined ? [] : [...current];
      if (edit.kind === 'allow') {
        for (const v of edit.values) {
          if (list.includes(v)) notes.push(`${edit.attribute} ${JSON.stringify(v)} was already allowed`);
          else list.push(v);
        }
        allow[edit.attribute] = list;
      } else {
        const removed: (string | number)[] = [];
        for (const v of edit.values) {
          const at = list.indexOf(v);
          if (at < 0) notes.push(`${edit.attribute} ${JSON.stringify(v)} was not on the allowlist`);
          else {
            list.splice(at, 1);
            removed.push(v);
          }
        }
        if (list.length === 0) delete allow[edit.attribute];
        else allow[edit.attribute] = list;
        if (removed.length > 0 && oldStage !== 'ga' && oldStage !== 'admin' && before['killed'] !== true) {
          takesAccessAway = `removes ${edit.attribute} ${removed.map((v) => JSON.stringify(v)).join(', ')} from the allowlist`;
        }
      }
      if (Object.keys(allow).length === 0) delete rollout['allow'];
      else rollout['allow'] = allow;
      break;
    }
    case 'kill':
      if (before['killed'] === true) notes.push('the flag was already killed');
      rollout['killed'] = true;
      if (before['killed'] !== true && oldStage !== 'admin') takesAccessAway = 'kill switch: only admins keep access';
      break;
    case 'unkill':
      if (before['killed'] !== true) notes.push('the flag was not killed');
      // Dropped rather than set to false: the block stays as short as the stage needs.
      delete rollout['killed'];
      break;
  }

  const flag: JsonObject = { ...oldFlag, rollout };
  const next: JsonObject = { ...document, flags: { ...document['flags'], [flagKey]: flag } };
  const compiled = compileFlagdWithRollout(next);
  if (!compiled.ok) return { ok: false, error: compiled.error };
  return {
    ok: true,
    value: {
      document: next,
      compiled: compiled.value,
      before,
      after: rollout,
      changes: jsonChanges(rolloutPath, before, rollout),
      takesAccessAway,
      notes,
    },
  };
}
