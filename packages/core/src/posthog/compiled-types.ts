// The compiled form of PostHog definitions that `evaluate-flag.ts` walks (never the JSON).
import type { JsonValue } from '../types.js';
import type { CompiledProperty } from './compile-property.js';
import type { PackedText } from './packed-text.js';
import type { Unresolved, UnresolvedReason } from './unresolved.js';

/** PostHog's value for a flag: off, on without a variant, or the variant key. */
export type PosthogValue = boolean | string;

export type CompiledFilter =
  | { readonly kind: 'property'; readonly property: CompiledProperty }
  | { readonly kind: 'cohort'; readonly cohortId: string; readonly negated: boolean; readonly path: string }
  | {
      readonly kind: 'flag';
      readonly targetKey: string;
      /** Flags to evaluate in order; the problem when the chain cannot be used. */
      readonly chain: readonly string[];
      readonly problem: Unresolved | undefined;
      readonly expected: JsonValue | undefined;
    };

export interface CompiledCondition {
  readonly index: number;
  readonly filters: readonly CompiledFilter[];
  /** `undefined` when the condition has no rollout (everyone who matches is in). */
  readonly rollout: number | undefined;
  /** A variant override naming one of the flag's variants (others are ignored, as PostHog does). */
  readonly variant: string | undefined;
  /**
   * A condition aggregated differently from its flag (mixed targeting): the group type name it
   * reads, `null` when the group type index is unknown (the condition is skipped), `undefined`
   * when it reads what the flag reads.
   */
  readonly groupOverride: string | null | undefined;
}

export interface VariantRange {
  readonly key: string;
  readonly min: number;
  readonly max: number;
}

export interface CompiledPosthogFlag {
  readonly key: string;
  /** `<key>.` encoded and packed once: the start of every bucketing hash of this flag. */
  readonly hashPrefix: PackedText;
  readonly path: string;
  readonly active: boolean;
  readonly experienceContinuity: boolean;
  /** Aggregated by a group: its type name; `null` when the index is not in group_type_mapping. */
  readonly groupType: string | null | undefined;
  readonly bucketByDevice: boolean;
  readonly holdout: { readonly variant: string; readonly percentage: number } | undefined;
  readonly earlyExit: boolean;
  /**
   * Active, and every condition a bare rollout (no filters, no group, no holdout, no device
   * bucketing, no experience continuity): the shape of most experiment flags, evaluated by
   * `rolloutOnlyValue` from the distinct id alone.
   */
  readonly rolloutOnly: boolean;
  readonly conditions: readonly CompiledCondition[];
  readonly variants: readonly VariantRange[];
  /** Payloads by value (`"true"` or a variant key), already parsed as PostHog parses them. */
  readonly payloads: ReadonlyMap<string, JsonValue>;
  /** The reason the definition alone gives for falling back to the server, if any. */
  readonly definitionReason: UnresolvedReason | undefined;
  readonly id: number | undefined;
  readonly hasExperiment: boolean | undefined;
}

export type CompiledCohort =
  | { readonly kind: 'empty' }
  | { readonly kind: 'unsupported'; readonly message: string }
  | { readonly kind: 'groups'; readonly and: boolean; readonly groups: readonly CompiledCohort[] }
  | {
      readonly kind: 'filters';
      readonly and: boolean;
      readonly filters: readonly { readonly filter: CompiledFilter; readonly negation: boolean }[];
    }
  | { readonly kind: 'none'; readonly and: boolean }; // no values: AND -> true, OR -> false

export interface CompiledPosthogDocument {
  readonly flags: ReadonlyMap<string, CompiledPosthogFlag>;
  readonly cohorts: ReadonlyMap<string, CompiledCohort>;
}
