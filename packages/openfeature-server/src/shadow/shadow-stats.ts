// The accounting of shadow comparisons: every evaluation offered is counted exactly once.
import { COMPARISON_VERDICTS, type ComparisonVerdict } from '@rollgate/core';
import type { ComparisonLogStats } from './comparison-log.js';

/**
 * `offered = sampledOut + skippedNotReady + droppedQueueFull + queued`, and
 * `queued = compared + pending + inFlight + lostAtClose`.
 */
export interface ShadowStats {
  /** Evaluations answered while a comparison was on. */
  offered: number;
  /** Not in the sample (see `sampleRate`). */
  sampledOut: number;
  /** The compared side had not finished initialising. */
  skippedNotReady: number;
  /** The comparison queue was full (the compared side is slower than the traffic). */
  droppedQueueFull: number;
  queued: number;
  compared: number;
  /** Per verdict; they add up to `compared`. */
  verdicts: Record<ComparisonVerdict, number>;
  /** SHADOW_ERROR broken down: no answer within `timeoutMs`, and threw or rejected. */
  timeouts: number;
  thrown: number;
  /** SHADOW_ERROR recorded without asking (circuit open), and how often the circuit opened. */
  shortCircuited: number;
  breakerOpenings: number;
  /** `onComparison` threw (caught). */
  callbackErrors: number;
  /** Waiting in the queue. */
  pending: number;
  inFlight: number;
  /** Still queued or in flight when `onClose` gave up waiting. */
  lostAtClose: number;
  /** The JSON-lines log's own accounting, when a log is configured. */
  log: ComparisonLogStats | undefined;
}

export function emptyShadowStats(): ShadowStats {
  const verdicts = Object.fromEntries(COMPARISON_VERDICTS.map((v) => [v, 0])) as Record<ComparisonVerdict, number>;
  return {
    offered: 0,
    sampledOut: 0,
    skippedNotReady: 0,
    droppedQueueFull: 0,
    queued: 0,
    compared: 0,
    verdicts,
    timeouts: 0,
    thrown: 0,
    shortCircuited: 0,
    breakerOpenings: 0,
    callbackErrors: 0,
    pending: 0,
    inFlight: 0,
    lostAtClose: 0,
    log: undefined,
  };
}

/** True when every evaluation offered is accounted for exactly once (tests and health checks). */
export function shadowAccountingHolds(s: ShadowStats): boolean {
  const verdictSum = Object.values(s.verdicts).reduce((a, b) => a + b, 0);
  return (
    s.offered === s.sampledOut + s.skippedNotReady + s.droppedQueueFull + s.queued &&
    s.queued === s.compared + s.pending + s.inFlight + s.lostAtClose &&
    verdictSum === s.compared
  );
}
