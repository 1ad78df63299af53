// The `rollout` block of a flagd flag, once validated: the shape the compiler and the editors share.
import type { JsonPrimitive, JsonValue } from '../types.js';

/**
 * The stages, in ramp order. Each one lets in everyone the previous one did:
 * - `admin`: only contexts matching the admin predicate;
 * - `allowlist`: admins, plus contexts whose attribute value is listed in `allow`;
 * - `percentage`: admins, the allowlist, plus `percentage`% of bucketing units (`bucketBy`);
 * - `ga`: everyone.
 */
export const ROLLOUT_STAGES = ['admin', 'allowlist', 'percentage', 'ga'] as const;
export type RolloutStage = (typeof ROLLOUT_STAGES)[number];

/** Where a stage sits in the ramp (0 = admin ... 3 = ga). */
export function stageRank(stage: RolloutStage): number {
  return ROLLOUT_STAGES.indexOf(stage);
}

/**
 * Who counts as an admin: one attribute of the context compared with a value (`equals`) or a
 * list of values (`in`), or any JSONLogic rule (`rule`, with flagd's operators; truthy = admin).
 * Attribute names are dotted paths into the context (`user.role`), as in JSONLogic's `var`.
 * Default: `{ "attribute": "isAdmin", "equals": true }`.
 */
export type AdminPredicate =
  | { readonly attribute: string; readonly equals: JsonPrimitive }
  | { readonly attribute: string; readonly in: readonly JsonPrimitive[] }
  | { readonly rule: JsonValue };

/** One allowlisted attribute: a context is allowed when the attribute's value is one of `values`. */
export interface AllowRule {
  /** Dotted path into the context; `targetingKey` is the context's targeting key. */
  readonly attribute: string;
  /** Strings or numbers, compared with `===` (the number 42 and the string "42" differ). */
  readonly values: readonly (string | number)[];
}

/** The validated block. Fields left out of the document carry their documented defaults here. */
export interface RolloutSpec {
  readonly stage: RolloutStage;
  /** `null` when the document says `"admin": null`: no context is an admin. */
  readonly admin: AdminPredicate | null;
  /** In the document's order; `{ "targetingKey": [...], "orgId": [...] }` in JSON. */
  readonly allow: readonly AllowRule[];
  /**
   * Share of bucketing units let in at stage `percentage`, in basis points (0..10000), i.e. the
   * document's `percentage` (0..100, at most two decimals) times 100. `undefined` when absent
   * (allowed below stage `percentage`, so a team can stage the number before ramping).
   */
  readonly basisPoints: number | undefined;
  /** The context attribute whose value is hashed; falls back to the targeting key when missing. */
  readonly bucketBy: string;
  /** Mixed into the hash so two flags bucket independently; defaults to the flag key. */
  readonly salt: string;
  /** Kill switch: admin-only whatever the stage. */
  readonly killed: boolean;
  /** Variant served to contexts let in (default `on`). */
  readonly on: string;
  /** Variant served to everyone else (default `off`). */
  readonly off: string;
}

/** Defaults of the block's optional fields (documented in the README's rollout reference). */
export const ROLLOUT_DEFAULTS = {
  admin: { attribute: 'isAdmin', equals: true } as AdminPredicate,
  bucketBy: 'targetingKey',
  killed: false,
  on: 'on',
  off: 'off',
} as const;
