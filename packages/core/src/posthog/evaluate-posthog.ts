// The PostHog-native reading of a compiled PostHog document: what posthog-node's
// `getFeatureFlag` / `getFeatureFlagPayload` answer with local evaluation only.
import type { CompiledDocument, EvaluationContext, JsonValue, TraceStep } from '../types.js';
import type { PosthogValue } from './compiled-types.js';
import { posthogFormOf } from './compile-posthog.js';
import { decideFlag, rolloutOnlyValue } from './evaluate-flag.js';
import { Unresolved, type UnresolvedReason } from './unresolved.js';

export type PosthogEvaluation =
  | {
      /** `false`, `true`, or the variant key (or `holdout-<id>`). */
      readonly value: PosthogValue;
      /** The payload for that value, parsed as PostHog parses it; `null` when none. */
      readonly payload: JsonValue;
      readonly unresolved?: undefined;
      readonly trace?: TraceStep[];
    }
  | {
      readonly value: undefined;
      readonly payload: null;
      /** Why local evaluation cannot decide: posthog-node would ask PostHog's server. */
      readonly unresolved: { readonly reason: UnresolvedReason | 'flag_not_found' | 'not_posthog'; readonly message: string };
      readonly trace?: TraceStep[];
    };

/** Reads `Date.now()` only if a date filter asks, once per evaluation. */
class LazyClock {
  constructor(private fixed: number | undefined) {}
  get now(): number {
    this.fixed ??= Date.now();
    return this.fixed;
  }
}

export interface PosthogEvaluateOptions {
  /** Epoch ms for relative date filters. Default `Date.now()`. */
  now?: number;
  /** Collect readable steps. Default false. */
  explain?: boolean;
}

/**
 * Evaluates one PostHog flag for a context (`targetingKey` is the distinct id; other attributes
 * are person properties; `groups` and `groupProperties` carry group analytics). Never throws.
 */
export function evaluatePosthog(
  doc: CompiledDocument,
  flagKey: string,
  context: EvaluationContext,
  options: PosthogEvaluateOptions = {},
): PosthogEvaluation {
  const form = posthogFormOf(doc);
  if (form === undefined) {
    return { value: undefined, payload: null, unresolved: { reason: 'not_posthog', message: 'the document was not compiled by compilePosthog' } };
  }
  const flag = form.flags.get(flagKey);
  if (flag === undefined) {
    return { value: undefined, payload: null, unresolved: { reason: 'flag_not_found', message: `no PostHog flag "${flagKey}"` } };
  }
  const trace = options.explain ? [] : undefined;
  const distinctId = String(context.targetingKey ?? '');
  const value =
    flag.rolloutOnly && trace === undefined
      ? rolloutOnlyValue(flag, distinctId)
      : decideFlag(flag, form, context, distinctId, new LazyClock(options.now), trace);
  if (value instanceof Unresolved) {
    return { value: undefined, payload: null, unresolved: { reason: value.reason, message: value.message }, ...(trace ? { trace } : {}) };
  }
  const payload = value === false ? null : flag.payloads.get(value === true ? 'true' : value) ?? null;
  return trace ? { value, payload, trace } : { value, payload };
}
