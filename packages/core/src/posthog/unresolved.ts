// Why a PostHog flag cannot be decided locally, mirroring posthog-node's two exception classes:
// `inconclusive` (InconclusiveMatchError: later conditions may still decide the flag) and
// `server` (RequiresServerEvaluation: stop here, only PostHog's server can answer).

/**
 * PostHog's unresolved reasons, in the precedence order every PostHog SDK reports them
 * (the earlier wins when several apply).
 */
export type UnresolvedReason =
  | 'experience_continuity'
  | 'unsupported_definition'
  | 'unresolved_dependency'
  | 'missing_context';

const PRECEDENCE: Readonly<Record<UnresolvedReason, number>> = {
  experience_continuity: 0,
  unsupported_definition: 1,
  unresolved_dependency: 2,
  missing_context: 3,
};

/** The higher-precedence reason of two (`current` may be absent). */
export function pickReason(current: UnresolvedReason | undefined, next: UnresolvedReason): UnresolvedReason {
  if (current === undefined) return next;
  return PRECEDENCE[next] < PRECEDENCE[current] ? next : current;
}

/** A local evaluation that could not decide. Allocated only on that path (or preallocated). */
export class Unresolved {
  /** The reason's precedence (lower wins), read when several outcomes are merged. */
  readonly rank: number;

  constructor(
    readonly kind: 'inconclusive' | 'server',
    readonly reason: UnresolvedReason,
    readonly message: string,
    /** A regex PostHog's server evaluates differently; its condition's value is deferred. */
    readonly regex = false,
  ) {
    this.rank = PRECEDENCE[reason];
  }

  withReason(reason: UnresolvedReason): Unresolved {
    return reason === this.reason ? this : new Unresolved(this.kind, reason, this.message, this.regex);
  }
}

export const MISSING_CONTEXT = new Unresolved('inconclusive', 'missing_context', 'a property the filter needs is not in the context');
