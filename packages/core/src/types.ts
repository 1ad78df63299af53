// The engine's vocabulary, shared by every dialect (flagd, PostHog) and every shell
// (CLI, server provider, web provider). Pure types: no runtime code lives here.

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The four OpenFeature flag types. `object` covers any JSON value that is not a primitive. */
export type FlagType = 'boolean' | 'string' | 'number' | 'object';

/** What the caller asks for: a default of the matching JavaScript type. */
export type FlagValue = boolean | string | number | JsonValue;

/**
 * The evaluation context, structurally compatible with OpenFeature's `EvaluationContext`.
 * `targetingKey` identifies the unit (user, org, install) that bucketing hashes.
 */
export interface EvaluationContext {
  targetingKey?: string;
  [attribute: string]: unknown;
}

/** OpenFeature's standard resolution reasons (spec section 2.7), as string constants. */
export const Reason = {
  STATIC: 'STATIC',
  DEFAULT: 'DEFAULT',
  TARGETING_MATCH: 'TARGETING_MATCH',
  SPLIT: 'SPLIT',
  CACHED: 'CACHED',
  STALE: 'STALE',
  DISABLED: 'DISABLED',
  UNKNOWN: 'UNKNOWN',
  ERROR: 'ERROR',
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];

/** OpenFeature's error codes (spec section 2.7 / appendix), as string constants. */
export const ErrorCode = {
  PROVIDER_NOT_READY: 'PROVIDER_NOT_READY',
  PROVIDER_FATAL: 'PROVIDER_FATAL',
  FLAG_NOT_FOUND: 'FLAG_NOT_FOUND',
  PARSE_ERROR: 'PARSE_ERROR',
  TYPE_MISMATCH: 'TYPE_MISMATCH',
  TARGETING_KEY_MISSING: 'TARGETING_KEY_MISSING',
  INVALID_CONTEXT: 'INVALID_CONTEXT',
  GENERAL: 'GENERAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Flag-set metadata overlaid by flag metadata; values are primitives, as OpenFeature requires. */
export type FlagMetadata = Readonly<Record<string, string | number | boolean>>;

/** One readable step of an explained evaluation ("which branch matched, on which attribute"). */
export interface TraceStep {
  /** JSON path of the rule in the definitions document, e.g. `$.flags.new-checkout.targeting.if[0]`. */
  path: string;
  /** What happened, in words a person reads: `email ends with "@example.com": false`. */
  message: string;
  /** Structured extras, e.g. `{ bucket: 17, weights: { on: 25, off: 75 } }` for `fractional`. */
  data?: Readonly<Record<string, JsonValue>>;
}

/**
 * An evaluation's outcome: OpenFeature resolution details as a discriminated union, so an
 * error result always carries `errorCode` and `errorMessage` (errors are values inside the engine).
 */
export type Resolution<T extends FlagValue = FlagValue> = ResolutionSuccess<T> | ResolutionError<T>;

export interface ResolutionSuccess<T extends FlagValue = FlagValue> {
  ok: true;
  value: T;
  /** Absent when the caller's default was returned (no default variant, or DISABLED). */
  variant?: string;
  reason: Reason;
  flagMetadata: FlagMetadata;
  /** Present only when explain was requested. */
  trace?: TraceStep[];
}

export interface ResolutionError<T extends FlagValue = FlagValue> {
  ok: false;
  /** Always the caller's default. */
  value: T;
  reason: typeof Reason.ERROR;
  errorCode: ErrorCode;
  errorMessage: string;
  flagMetadata: FlagMetadata;
  trace?: TraceStep[];
}

/** A problem found while validating a definitions document; the whole document is rejected. */
export interface DefinitionIssue {
  /** JSON path into the document, e.g. `$.flags.new-checkout.variants`. */
  path: string;
  /** The flag the problem belongs to, when it belongs to one. */
  flagKey?: string;
  message: string;
}

/** Errors as values: what `compile` returns. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Options of a single evaluation. */
export interface EvaluateOptions {
  /** Attach a readable trace to the result. Default false (the fast path builds no trace). */
  explain?: boolean;
  /** Clock for `$flagd.timestamp` and date operators, in epoch milliseconds. Default `Date.now()`. */
  now?: number;
}

// ---------------------------------------------------------------------------------------------
// The compiled form. Every dialect (flagd documents, PostHog definitions, `rollout` blocks)
// compiles to these shapes once; `evaluate` walks only them, never JSON.
// ---------------------------------------------------------------------------------------------

/** Per-evaluation facts a rule may read besides the caller's context. */
export interface RuleEnv {
  readonly flagKey: string;
  /** Epoch milliseconds. */
  readonly now: number;
}

/** A targeting failure found while evaluating (rare; allocated only on that path). */
export class TargetingFailure {
  constructor(
    readonly errorCode: ErrorCode,
    readonly errorMessage: string,
  ) {}
}

/**
 * What compiled targeting returns, chosen so the hot path allocates nothing:
 * a variant name; `null` when no rule picked a variant (the flag's default variant applies);
 * or a `TargetingFailure`.
 */
export type TargetingResult = string | null | TargetingFailure;

/**
 * Compiled targeting: a closure built once at load. `trace`, when given, receives readable steps.
 * It never throws for any context; a bad context yields `null` or a `TargetingFailure`.
 */
export type CompiledTargeting = (
  context: EvaluationContext,
  env: RuleEnv,
  trace: TraceStep[] | undefined,
) => TargetingResult;

/** A flag as the engine evaluates it. */
export interface CompiledFlag {
  readonly key: string;
  /** `state: DISABLED` in flagd, `active: false` in PostHog. */
  readonly enabled: boolean;
  /** The OpenFeature type every variant value shares (checked at compile). */
  readonly type: FlagType;
  readonly variants: Readonly<Record<string, JsonValue>>;
  /** `undefined` when the document gives none: the caller's default is returned. */
  readonly defaultVariant: string | undefined;
  /** Flag-set metadata overlaid by the flag's own. */
  readonly metadata: FlagMetadata;
  /** Keys of flags that must be on for this one to be on (sub-feature flags). */
  readonly requires: readonly string[];
  /** Absent for a static flag (reason STATIC). */
  readonly targeting: CompiledTargeting | undefined;
  /** Where the flag came from, for explain and audit: `$.flags.<key>` or `$.flags[3]`. */
  readonly path: string;
  /**
   * A stable hash of the flag's source (its JSON with every `$ref` it uses, and its effective
   * metadata), so `diffDocuments` can tell which flags changed. Optional for dialects that do not
   * compute one: such flags count as changed whenever the object differs.
   */
  readonly sourceHash?: string;
  /**
   * Optional answers when the caller asks for a type other than `type`, for dialects whose flags
   * read as several types (a PostHog flag reads as "enabled" for `boolean`, as its variant key for
   * `string`, as its payload for `object`). For a requested type T other than `type`: when
   * `valuesByType[T]` exists, the chosen variant's value is `valuesByType[T][variant]`, and a
   * variant missing from that map yields the caller's default with reason DEFAULT; when it does not
   * exist, the answer is TYPE_MISMATCH as before. Absent for flagd flags.
   */
  readonly valuesByType?: Readonly<Partial<Record<FlagType, Readonly<Record<string, JsonValue>>>>>;
  /**
   * With `valuesByType`: the answer of a requested type T other than `type` when the targeting
   * chose no variant (reason DEFAULT), instead of the caller's default. A multivariate PostHog flag
   * that matched nothing is not enabled, so its `boolean` reading is `false`.
   */
  readonly unmatchedByType?: Readonly<Partial<Record<FlagType, JsonValue>>>;
}

/** A validated, compiled definitions document. Immutable; swap the whole object to update. */
export interface CompiledDocument {
  readonly dialect: 'flagd' | 'posthog';
  readonly flags: ReadonlyMap<string, CompiledFlag>;
  /** Flag-set metadata (already folded into each flag's `metadata`). */
  readonly metadata: FlagMetadata;
  /**
   * Problems that did not reject the document (only in a lenient compatibility mode, e.g.
   * flagd's: operator misuse that flagd tolerates at evaluation time). Empty or absent otherwise.
   */
  readonly warnings?: readonly DefinitionIssue[];
}
