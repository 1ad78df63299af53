// The evaluated flags for the current static context: built once per context or definitions
// change, read by every resolver call.
import {
  evaluateAll,
  toResolutionDetails,
  type CompiledDocument,
  type ErrorCode,
  type EvaluationContext,
  type FlagType,
  type JsonValue,
  type Resolution,
} from '@rollgate/core';
import type { ResolutionDetails } from '@openfeature/web-sdk';
import type { PrecomputedCallerDefault, PrecomputedValue } from './definitions/bootstrap.js';

export interface SnapshotEntry {
  /** The flag's type; a resolver of another type answers TYPE_MISMATCH. */
  readonly type: FlagType;
  /** Mapped once, returned as is by every read (the SDK copies it before handing it out). */
  readonly details: ResolutionDetails<JsonValue>;
  /**
   * The engine chose no value (no default variant, disabled, or an error): the caller's default
   * applies, so a read must evaluate with it instead of returning `details` (whose value is null;
   * without a document, its reason, error and metadata are the answer, with the caller's value).
   */
  readonly callerDefault: boolean;
}

export type Snapshot = ReadonlyMap<string, SnapshotEntry>;

/** Every flag of `document` evaluated for `context` at `now` (epoch ms). */
export function snapshotFromDocument(document: CompiledDocument, context: EvaluationContext, now: number): Snapshot {
  const snapshot = new Map<string, SnapshotEntry>();
  for (const [key, resolution] of evaluateAll(document, context, { now })) {
    const flag = document.flags.get(key);
    if (flag === undefined) continue;
    snapshot.set(key, {
      type: flag.type,
      details: asDetails(resolution),
      callerDefault: !resolution.ok || resolution.variant === undefined,
    });
  }
  return snapshot;
}

/** A values bootstrap as a snapshot; a key in both `values` and `callerDefaults` serves its value. */
export function snapshotFromValues(
  values: Readonly<Record<string, PrecomputedValue>>,
  callerDefaults: Readonly<Record<string, PrecomputedCallerDefault>> = {},
): Snapshot {
  const snapshot = new Map<string, SnapshotEntry>();
  for (const [key, entry] of Object.entries(callerDefaults)) {
    const flagMetadata = entry.flagMetadata ?? {};
    const reason = entry.reason as Resolution['reason'];
    const resolution: Resolution<JsonValue> =
      entry.errorCode === undefined
        ? { ok: true, value: null, reason, flagMetadata }
        : { ok: false, value: null, reason: 'ERROR', errorCode: entry.errorCode as ErrorCode, errorMessage: `flag \`${key}\` failed on the server (${entry.errorCode}); returning the code default`, flagMetadata };
    snapshot.set(key, { type: entry.type, details: asDetails(resolution), callerDefault: true });
  }
  for (const [key, entry] of Object.entries(values)) {
    const resolution: Resolution<JsonValue> = {
      ok: true,
      value: entry.value,
      reason: (entry.reason ?? 'CACHED') as Resolution['reason'],
      flagMetadata: entry.flagMetadata ?? {},
    };
    if (entry.variant !== undefined) resolution.variant = entry.variant;
    snapshot.set(key, { type: typeOf(entry.value), details: asDetails(resolution), callerDefault: false });
  }
  return snapshot;
}

/** The OpenFeature type a JSON value belongs to. */
export function typeOf(value: JsonValue): FlagType {
  const type = typeof value;
  return type === 'boolean' || type === 'string' || type === 'number' ? type : 'object';
}

/** Core's mapping, typed as the web SDK's shape (its error codes are the same strings). */
export function asDetails<T extends JsonValue>(resolution: Resolution<T>): ResolutionDetails<T> {
  return toResolutionDetails(resolution) as unknown as ResolutionDetails<T>;
}

/** Keys whose result differs between two snapshots (for CONFIGURATION_CHANGED's flagsChanged). */
export function changedKeys(before: Snapshot, after: Snapshot): string[] {
  const changed = new Set<string>();
  for (const [key, entry] of after) {
    const old = before.get(key);
    if (old === undefined || fingerprint(old) !== fingerprint(entry)) changed.add(key);
  }
  for (const key of before.keys()) if (!after.has(key)) changed.add(key);
  return [...changed];
}

function fingerprint(entry: SnapshotEntry): string {
  const { value, variant, reason, errorCode, flagMetadata } = entry.details;
  return JSON.stringify([entry.type, value, variant, reason, errorCode, flagMetadata]);
}
