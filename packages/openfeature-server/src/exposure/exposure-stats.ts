/**
 * The pipeline's counters. Every record offered to it (an exposure that was not opted out, or a
 * tracked event) ends in exactly one bucket, so at every instant
 * `produced = delivered + deduplicated + dropped + failed + lost + pending`,
 * and once closed (`pending = 0`) `produced = delivered + deduplicated + dropped + failed + lost`.
 */
export interface ExposureStats {
  /** Records offered: exposures (after opt-outs and skips) plus tracked events. */
  readonly produced: number;
  /** Exposures already recorded for the same (flag, response, distinct id): not sent again. */
  readonly deduplicated: number;
  /** Records refused because the queue was full (the sink was slower than the app, or down). */
  readonly dropped: number;
  /** Records the sink accepted. */
  readonly delivered: number;
  /** Records whose batch still failed after `maxRetries` retries. */
  readonly failed: number;
  /** Records still queued or in flight when `close()` ran out of time. */
  readonly lost: number;
  /** Records queued or in flight now. */
  readonly pending: number;
  /** Tracked events among `produced`. */
  readonly tracked: number;
  /** Evaluations read with the `exposure: false` hint (not produced). */
  readonly optedOut: number;
  /** Evaluations not exposed (errors, overrides, kill switch) and invalid track calls (not produced). */
  readonly skipped: number;
  /** Failed sink attempts that were retried. */
  readonly retries: number;
  /** The most records ever queued at once (never above `queueCapacity`). */
  readonly queueHighWater: number;
  readonly queueCapacity: number;
  /** The last sink error, if any. */
  readonly lastError: string | undefined;
}

/** What one `close()` achieved: records delivered, failed and lost while it ran. */
export interface CloseReport {
  readonly delivered: number;
  readonly failed: number;
  readonly lost: number;
  /** True when the timeout cut the drain short (then `lost` counts what was abandoned). */
  readonly timedOut: boolean;
}

/** True when the counters add up (the invariant above). */
export function accountingHolds(stats: ExposureStats): boolean {
  return stats.produced === stats.delivered + stats.deduplicated + stats.dropped + stats.failed + stats.lost + stats.pending;
}
