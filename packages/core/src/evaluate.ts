// Evaluates one flag of a compiled document: the one function every dialect and shell uses.
import { describeValue } from './json/describe-value.js';
import { acquireEnv, releaseEnv } from './eval-env.js';
import { cachedResult, RESULTS, type FlagWithResults } from './result-cache.js';
import {
  ErrorCode,
  Reason,
  TargetingFailure,
  type CompiledDocument,
  type CompiledFlag,
  type EvaluateOptions,
  type EvaluationContext,
  type FlagType,
  type FlagValue,
  type Resolution,
  type TraceStep,
} from './types.js';

const EMPTY_CONTEXT: EvaluationContext = Object.freeze({});

/**
 * Resolve `flagKey` for `context`. Never throws: problems come back as `ok: false` with an
 * OpenFeature error code and the caller's `defaultValue`.
 *
 * Order of checks: FLAG_NOT_FOUND (with the flag-set metadata); TYPE_MISMATCH when `type` differs
 * from the flag's own type and the flag has no `valuesByType[type]` (checked before DISABLED, so a wrong call site is caught while the flag
 * is off); DISABLED (the caller's default, no variant); then STATIC (no targeting),
 * TARGETING_MATCH (a rule named a variant) or DEFAULT (no rule matched: the default variant, or
 * the caller's default when the flag has none).
 *
 * The fast path (no `explain`) allocates nothing when the value comes from a variant: it returns
 * a prebuilt, frozen result shared by every call with the same outcome (do not mutate results).
 *
 * @example evaluate(doc, 'new-checkout', 'boolean', false, { targetingKey: 'user-1' })
 */
export function evaluate<T extends FlagValue>(
  doc: CompiledDocument,
  flagKey: string,
  type: FlagType,
  defaultValue: T,
  context: EvaluationContext,
  options?: EvaluateOptions,
): Resolution<T> {
  const flag = doc.flags.get(flagKey);
  if (flag === undefined) {
    return { ok: false, value: defaultValue, reason: Reason.ERROR, errorCode: ErrorCode.FLAG_NOT_FOUND, errorMessage: `flag ${JSON.stringify(flagKey)} not found`, flagMetadata: doc.metadata };
  }
  const trace: TraceStep[] | undefined = options?.explain === true ? [] : undefined;
  const result = evaluateFlag(flag, type, defaultValue, context ?? EMPTY_CONTEXT, options?.now, trace);
  if (trace !== undefined) result.trace = trace;
  return result;
}

/** Evaluate a flag already looked up (shared by `evaluate` and `evaluateAll`). */
export function evaluateFlag<T extends FlagValue>(
  flag: CompiledFlag,
  type: FlagType,
  defaultValue: T,
  context: EvaluationContext,
  now: number | undefined,
  trace: TraceStep[] | undefined,
): Resolution<T> {
  // A dialect may answer other types than the flag's own (`valuesByType`: a PostHog flag reads as
  // enabled, variant key or payload); any other mismatch is TYPE_MISMATCH.
  const values = flag.type === type ? flag.variants : flag.valuesByType?.[type];
  if (values === undefined) {
    if (trace !== undefined) trace.push({ path: flag.path, message: `flag ${JSON.stringify(flag.key)} is a ${flag.type} flag, asked for ${type}` });
    return {
      ok: false,
      value: defaultValue,
      reason: Reason.ERROR,
      errorCode: ErrorCode.TYPE_MISMATCH,
      errorMessage: `flag ${JSON.stringify(flag.key)} is of type ${flag.type}, but ${type} was requested`,
      flagMetadata: flag.metadata,
    };
  }
  if (!flag.enabled) {
    if (trace !== undefined) trace.push({ path: flag.path, message: 'flag is DISABLED: the caller\'s default applies' });
    return { ok: true, value: defaultValue, variant: undefined, reason: Reason.DISABLED, flagMetadata: flag.metadata };
  }
  const targeting = flag.targeting;
  let variant: string | undefined;
  let reason: Reason;
  if (targeting === undefined) {
    variant = flag.defaultVariant;
    reason = variant === undefined ? Reason.DEFAULT : Reason.STATIC;
    if (trace !== undefined) trace.push({ path: flag.path, message: variant === undefined ? 'no targeting and no defaultVariant: the caller\'s default applies' : `no targeting: the default variant ${JSON.stringify(variant)}` });
  } else {
    const env = acquireEnv(flag.key, now);
    let picked;
    try {
      picked = targeting(context, env, trace);
    } catch (error) {
      // Compiled targeting never throws; a dialect extension might. Never let it reach the host.
      picked = new TargetingFailure(ErrorCode.GENERAL, `targeting of flag ${JSON.stringify(flag.key)} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      releaseEnv();
    }
    if (picked === null) {
      variant = flag.defaultVariant;
      reason = Reason.DEFAULT;
      if (trace !== undefined) trace.push({ path: flag.path, message: variant === undefined ? 'targeting matched no variant and there is no defaultVariant: the caller\'s default applies' : `targeting matched no variant: the default variant ${JSON.stringify(variant)}` });
    } else if (typeof picked === 'string') {
      variant = picked;
      reason = Reason.TARGETING_MATCH;
      if (trace !== undefined) trace.push({ path: flag.path, message: `targeting chose variant ${JSON.stringify(picked)}` });
    } else {
      if (trace !== undefined) trace.push({ path: flag.path, message: `${picked.errorCode}: ${picked.errorMessage}` });
      return { ok: false, value: defaultValue, reason: Reason.ERROR, errorCode: picked.errorCode, errorMessage: picked.errorMessage, flagMetadata: flag.metadata };
    }
  }
  if (variant === undefined) {
    // Another reading of a dialect's flag may have its own answer for "no variant" (unmatchedByType).
    const unmatched = values === flag.variants ? undefined : (flag.unmatchedByType?.[type] as T | undefined);
    if (unmatched !== undefined && trace !== undefined) trace.push({ path: flag.path, message: `read as ${type}, no variant answers ${JSON.stringify(unmatched)}` });
    return { ok: true, value: unmatched ?? defaultValue, variant: undefined, reason, flagMetadata: flag.metadata };
  }
  if (trace === undefined && values === flag.variants) {
    // Fast path: a prebuilt, frozen result (no allocation). Explained results carry their own trace.
    const cache = (flag as FlagWithResults)[RESULTS];
    if (cache !== undefined) {
      const cached = cachedResult(cache, variant, reason);
      if (cached !== undefined) return cached as Resolution<T>;
    }
  }
  // Own properties only: a rule naming "toString" must not find Object.prototype's.
  const value = Object.prototype.hasOwnProperty.call(values, variant) ? values[variant] : undefined;
  if (value === undefined && values !== flag.variants) {
    // The variant has no answer of the asked type (a PostHog variant without a payload): the
    // caller's default, keeping the variant so telemetry still sees what was chosen.
    if (trace !== undefined) trace.push({ path: flag.path, message: `variant ${JSON.stringify(variant)} has no ${type} value: the caller's default applies` });
    return { ok: true, value: defaultValue, variant, reason: Reason.DEFAULT, flagMetadata: flag.metadata };
  }
  if (value === undefined) {
    const message = `targeting of flag ${JSON.stringify(flag.key)} chose ${describeValue(variant)}, which is not one of its variants`;
    if (trace !== undefined) trace.push({ path: flag.path, message });
    return { ok: false, value: defaultValue, reason: Reason.ERROR, errorCode: ErrorCode.GENERAL, errorMessage: message, flagMetadata: flag.metadata };
  }
  return { ok: true, value: value as T, variant, reason, flagMetadata: flag.metadata };
}
