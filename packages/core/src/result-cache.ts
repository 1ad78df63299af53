// Prebuilt, frozen results for every (variant, reason) of a flag, so the fast path of `evaluate`
// returns a shared object instead of allocating one per call. Only results that do not depend on
// the caller (the value comes from a variant) are prebuilt; the caller's default still allocates.
import { Reason, type CompiledFlag, type FlagValue, type ResolutionSuccess } from './types.js';

export const RESULTS: unique symbol = Symbol('rollgate.results');

export interface VariantResults {
  readonly variant: string;
  readonly static: ResolutionSuccess;
  readonly match: ResolutionSuccess;
  readonly default: ResolutionSuccess;
}

/** One entry per variant, in variant order; scanned by name (flags have few variants). */
export type ResultCache = readonly VariantResults[];

/** A flag that carries prebuilt results (flagd flags do; other dialects may not). */
export interface FlagWithResults extends CompiledFlag {
  readonly [RESULTS]?: ResultCache;
}

function result(flag: CompiledFlag, variant: string, reason: Reason): ResolutionSuccess {
  return Object.freeze({ ok: true as const, value: flag.variants[variant] as FlagValue, variant, reason, flagMetadata: flag.metadata });
}

/** The prebuilt result for `variant` and `reason`, or undefined (then the caller allocates one). */
export function cachedResult(cache: ResultCache, variant: string, reason: Reason): ResolutionSuccess | undefined {
  // A linear scan: the variant string usually is the very string compiled from the document,
  // so === is a pointer comparison; flags have a handful of variants.
  const n = cache.length;
  if (n > 16) return undefined;
  for (let i = 0; i < n; i++) {
    const entry = cache[i] as VariantResults;
    if (entry.variant === variant) {
      return reason === Reason.TARGETING_MATCH ? entry.match : reason === Reason.STATIC ? entry.static : reason === Reason.DEFAULT ? entry.default : undefined;
    }
  }
  return undefined;
}

/** Attach the prebuilt results to `flag` (a non-enumerable property) and return it. */
export function attachResultCache<F extends CompiledFlag>(flag: F): F {
  const cache: VariantResults[] = Object.keys(flag.variants).map((variant) =>
    Object.freeze({
      variant,
      static: result(flag, variant, Reason.STATIC),
      match: result(flag, variant, Reason.TARGETING_MATCH),
      default: result(flag, variant, Reason.DEFAULT),
    }),
  );
  Object.defineProperty(flag, RESULTS, { value: Object.freeze(cache), enumerable: false });
  return flag;
}
