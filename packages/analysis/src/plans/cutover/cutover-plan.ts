// The typed `cutover` plan: is the candidate source agreeing enough with the primary to answer?
import type { PlanHeader } from '../plan-registry.js';
import type { TimeWindow } from '../time-window.js';

export interface CutoverPlan extends PlanHeader {
  readonly type: 'cutover';
  /** The plan's own log path (relative to the plan file); `--shadow-log` overrides it. */
  readonly shadowLog: string | null;
  /** Only these flags (null: every flag in the log). */
  readonly flags: readonly string[] | null;
  /** Comparisons made in this mode only: `shadow` (default: the primary answered), `route`, or `any`. */
  readonly mode: 'shadow' | 'route' | 'any';
  readonly window: TimeWindow;
  /** Comparisons needed overall, and per flag, before a GO is possible. */
  readonly minComparisons: number;
  readonly minPerFlag: number;
  /** Overall agreement target (e.g. 0.999) and the per-flag floor (e.g. 0.99). */
  readonly agreement: number;
  readonly flagAgreement: number;
  /** `point`: the observed rate decides; `interval`: the Wilson lower bound must clear the target. */
  readonly evidence: 'point' | 'interval';
  /** Above this share of bad log lines the log is not trusted: INCONCLUSIVE. */
  readonly maxBadLineShare: number;
  readonly level: number;
}
