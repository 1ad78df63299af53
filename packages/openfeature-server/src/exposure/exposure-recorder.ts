// Exposure and tracking records: deduplicated, queued (bounded), delivered in the background.
import type { EvaluationContext, Logger, TrackingEventDetails } from '@openfeature/server-sdk';
import { buildExposureEvent, exposureResponse, trackedEventProperties, type ExposureInput, type FlagMetadata, type FlagType, type JsonValue } from '@rollgate/core';
import { backoffDelay } from '../store/backoff.js';
import { ExposureMemory, type UnitFlags } from '../tracking/exposure-memory.js';
import { BoundedQueue } from './bounded-queue.js';
import { ExposureHook } from './exposure-hook.js';
import { resolveExposureOptions, type ExposureOptions, type ResolvedExposureOptions } from './exposure-options.js';
import type { CloseReport, ExposureStats } from './exposure-stats.js';
import type { CapturedEvent, ExposureSink } from './sinks/exposure-sink.js';
import { TripleSet } from './triple-set.js';

/** A tracked event waiting in the queue (an exposure waits as its `ExposureInput`). */
interface PendingTrack {
  readonly event: string;
  readonly distinctId: string;
  readonly properties: Record<string, JsonValue>;
  readonly timestamp: number;
}

type Pending = ExposureInput | PendingTrack;

/** One used evaluation, as the hook sees it. */
export interface ExposureCall {
  flagKey: string;
  /** Targeting key of the evaluation; the fallback distinct id is used when empty. */
  targetingKey: string | undefined;
  value: JsonValue;
  variant?: string | undefined;
  reason?: string | undefined;
  flagMetadata?: FlagMetadata | undefined;
}

export interface RecorderEnvironment {
  /** The distinct id of a context without a targeting key (the provider passes its install id). */
  fallbackDistinctId: () => string;
  /**
   * The distinct id every value was evaluated for, when the source says so (PostHog remote
   * evaluation): exposures go to it whatever the context's targeting key, so they join the
   * assignment; a tracked event without a targeting key goes to it too.
   */
  evaluatedFor?: string | undefined;
  /**
   * The compiled type of `flagKey` when the definitions held now are PostHog's (local or remote
   * evaluation), else undefined: exposures of PostHog flags carry PostHog's own value
   * (`posthogResponse`), as posthog-node sends it, never the caller's default.
   */
  posthogFlagType?: (flagKey: string) => FlagType | undefined;
  /** Logger used when the options name none. */
  logger?: Logger;
}

/**
 * The exposure pipeline behind the hook and `track`. The evaluation path only checks the dedup
 * memory (`TripleSet`) and, for a new exposure with room in the queue, pushes one small record onto
 * a bounded ring buffer: no await, no I/O, no throw, nothing allocated for a repeat or a drop.
 * A background drain (timer, `unref`'d) sends batches to the sink one at a time, retrying a
 * failed batch `maxRetries` times with backoff before counting it failed. `close()` drains with a
 * deadline and counts what it could not deliver as lost. See `ExposureStats` for the accounting.
 */
export class ExposureRecorder {
  /** The OpenFeature hook to register (the provider adds it to its own hooks). */
  readonly hook: ExposureHook;
  readonly sink: ExposureSink;

  private readonly o: ResolvedExposureOptions;
  private readonly fallbackDistinctId: () => string;
  private readonly evaluatedFor: string | undefined;
  /** See `RecorderEnvironment.posthogFlagType`. */
  readonly posthogFlagType: (flagKey: string) => FlagType | undefined;
  private readonly seen: TripleSet;
  private readonly queue: BoundedQueue<Pending>;
  private readonly memory: ExposureMemory;

  private produced = 0;
  private deduplicated = 0;
  private dropped = 0;
  private delivered = 0;
  private failed = 0;
  private lost = 0;
  private tracked = 0;
  private optedOut = 0;
  private skipped = 0;
  private retries = 0;
  private highWater = 0;
  private inFlight = 0;
  private lastError: string | undefined;
  private failing = false;

  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerImmediate = false;
  private draining: Promise<void> | undefined;
  /** Bumped when `close()` abandons a drain: a settling send of an older epoch changes nothing. */
  private epoch = 0;
  private closing = false;
  private deadline = 0;
  private interruptSleep: (() => void) | undefined;
  /** The `beforeExit` listener, registered while records are queued (see `flushOnExit`). */
  private exitListener: (() => void) | undefined;

  constructor(options: ExposureOptions, environment: RecorderEnvironment) {
    this.o = resolveExposureOptions(options, environment.logger);
    this.sink = this.o.sink;
    this.evaluatedFor = environment.evaluatedFor;
    this.fallbackDistinctId = environment.fallbackDistinctId;
    this.posthogFlagType = environment.posthogFlagType ?? (() => undefined);
    this.seen = new TripleSet(this.o.dedupSize);
    this.queue = new BoundedQueue(this.o.queueSize);
    this.memory = new ExposureMemory(this.o.trackedUnits, this.o.flagsPerUnit);
    this.hook = new ExposureHook(this);
  }

  /**
   * Records one used evaluation (the hook calls this). Synchronous, allocation-light, never
   * throws: a failure inside is counted as skipped.
   */
  expose(call: ExposureCall): void {
    this.exposeParts(call.flagKey, call.targetingKey, call.value, call.variant, call.reason, call.flagMetadata);
  }

  /**
   * `expose` without the argument object (the hook's path). Only the dedup check and, for a new
   * triple with room in the queue, one small record: the event object, its uuid and ISO timestamp
   * are built by the drain, off the evaluation path. A repeat of the unit's last response for this
   * flag reuses the triple's hash kept in the exposure memory (nothing hashed, nothing allocated).
   * A full queue is checked before the record is allocated, so a down sink costs a counter.
   */
  exposeParts(
    flagKey: string,
    targetingKey: string | undefined,
    value: JsonValue,
    variant: string | undefined,
    reason: string | undefined,
    flagMetadata: FlagMetadata | undefined,
  ): void {
    let distinctId: string;
    let isNew: boolean;
    try {
      distinctId = this.evaluatedFor ?? (targetingKey || this.fallbackDistinctId());
      const response = variant === undefined ? value : exposureResponse({ value, variant });
      const memory = this.memory;
      const flags = memory.flagsOf(distinctId);
      const index = flags === undefined ? -1 : ExposureMemory.indexOf(flags, flagKey);
      if (index >= 0 && ExposureMemory.responseAt(flags as UnitFlags, index) === response) {
        isNew = this.seen.add(flagKey, response, distinctId, ExposureMemory.hashAt(flags as UnitFlags, index));
      } else {
        const hash = TripleSet.hash(flagKey, response, distinctId);
        memory.remember(distinctId, flags, flagKey, response, hash);
        isNew = this.seen.add(flagKey, response, distinctId, hash);
      }
    } catch (error) {
      // An object value JSON cannot encode (a cycle, a bigint): not produced, counted as skipped.
      this.skip(error);
      return;
    }
    this.produced += 1;
    if (!isNew) {
      this.deduplicated += 1;
      return;
    }
    // Deduplicated first, dropped second: a repeat while the sink is down is a duplicate, not a loss.
    if (this.queue.full) {
      this.dropped += 1;
      return;
    }
    this.enqueue({ flagKey, distinctId, value, variant, reason, flagMetadata, timestamp: this.o.now() });
  }

  /** An evaluation read with the `exposure: false` hint. */
  optOut(): void {
    this.optedOut += 1;
  }

  /** An evaluation that exposes nothing (error, override, kill switch). */
  skip(error?: unknown): void {
    this.skipped += 1;
    if (error !== undefined) this.o.logger.debug(`rollgate exposure: record skipped: ${(error as Error)?.message ?? String(error)}`);
  }

  /**
   * `client.track(eventName, context, details)`: captures the event for the context's distinct id
   * with `$feature/<key>` for each flag this id was last exposed to. Never throws, never awaits.
   */
  track(eventName: string, context: EvaluationContext, details: TrackingEventDetails | undefined): void {
    let record: PendingTrack;
    try {
      if (typeof eventName !== 'string' || eventName === '') throw new Error('track: the event name must be a non-empty string');
      const distinctId = (typeof context?.targetingKey === 'string' && context.targetingKey) || (this.evaluatedFor ?? this.fallbackDistinctId());
      record = {
        event: eventName,
        distinctId,
        properties: trackedEventProperties(details, this.memory.recall(distinctId)),
        timestamp: this.o.now(),
      };
    } catch (error) {
      this.o.logger.warn(`rollgate: ${(error as Error).message}; the event is not recorded`);
      this.skipped += 1;
      return;
    }
    this.produced += 1;
    this.tracked += 1;
    this.enqueue(record);
  }

  get stats(): ExposureStats {
    return {
      produced: this.produced,
      deduplicated: this.deduplicated,
      dropped: this.dropped,
      delivered: this.delivered,
      failed: this.failed,
      lost: this.lost,
      pending: this.queue.length + this.inFlight,
      tracked: this.tracked,
      optedOut: this.optedOut,
      skipped: this.skipped,
      retries: this.retries,
      queueHighWater: this.highWater,
      queueCapacity: this.queue.capacity,
      lastError: this.lastError,
    };
  }

  /** Sends what is queued now (without waiting for the flush interval); resolves when the queue is empty or only retries remain. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.draining) {
      this.startDrain();
      await this.draining;
    }
  }

  /**
   * Drains the queue within `timeoutMs` (default `closeTimeoutMs`), then closes the sink. What is
   * still queued or in flight at the deadline is counted lost (a send that settles later is
   * ignored). Idempotent; the recorder keeps working afterwards (a re-initialised provider).
   */
  async close(timeoutMs: number = this.o.closeTimeoutMs): Promise<CloseReport> {
    const before = { delivered: this.delivered, failed: this.failed, lost: this.lost };
    this.unwatchExit();
    this.closing = true;
    this.deadline = Date.now() + timeoutMs;
    this.interruptSleep?.();
    let timedOut = false;
    try {
      while (this.queue.length > 0 || this.draining) {
        this.startDrain();
        const remaining = this.deadline - Date.now();
        const settled = remaining > 0 && (await settlesWithin(this.draining, remaining));
        if (!settled) {
          timedOut = true;
          this.abandon();
          break;
        }
      }
      // A custom sink's close may throw or hang: neither may escape or outlive the deadline.
      const sinkClosed = Promise.resolve()
        .then(() => this.sink.close?.())
        .catch((error: unknown) => this.o.logger.warn(`rollgate: exposure sink ${this.sink.name} close failed: ${(error as Error)?.message ?? String(error)}`));
      await settlesWithin(sinkClosed, Math.max(this.deadline - Date.now(), 0));
    } finally {
      this.closing = false;
    }
    return {
      delivered: this.delivered - before.delivered,
      failed: this.failed - before.failed,
      lost: this.lost - before.lost,
      timedOut,
    };
  }

  private enqueue(record: Pending): void {
    const queue = this.queue;
    if (!queue.push(record)) {
      this.dropped += 1;
      return;
    }
    if (queue.length > this.highWater) this.highWater = queue.length;
    if (this.exitListener === undefined && this.o.flushOnExit) this.watchExit();
    if (this.draining !== undefined) return; // the running drain picks it up
    if (queue.length >= this.o.batchSize) {
      if (!this.timerImmediate) this.arm(0);
    } else if (this.timer === undefined) {
      this.arm(this.o.flushIntervalMs);
    }
  }

  private arm(delayMs: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerImmediate = delayMs === 0;
    this.timer = setTimeout(() => this.startDrain(), delayMs);
    this.timer.unref?.();
  }

  private startDrain(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.timerImmediate = false;
    }
    if (this.draining !== undefined || this.queue.length === 0) return;
    const epoch = this.epoch;
    this.draining = this.drain(epoch).finally(() => {
      if (this.epoch !== epoch) return;
      this.draining = undefined;
      // A partial batch left behind waits for the interval (or goes now when closing / full).
      if (this.queue.length > 0) {
        if (this.closing || this.queue.length >= this.o.batchSize) this.arm(0);
        else this.arm(this.o.flushIntervalMs);
      }
    });
  }

  private async drain(epoch: number): Promise<void> {
    let first = true;
    while (this.queue.length > 0 && this.epoch === epoch) {
      // After the first batch, keep going only with full batches (or while closing).
      if (!first && !this.closing && this.queue.length < this.o.batchSize) return;
      first = false;
      const items = this.queue.take(this.o.batchSize);
      this.inFlight = items.length;
      let batch: CapturedEvent[];
      try {
        batch = items.map((item) => this.toCaptured(item));
      } catch (error) {
        this.inFlight = 0;
        this.failed += items.length;
        this.lastError = `could not build records: ${(error as Error).message}`;
        this.o.logger.error(`rollgate: exposure ${this.lastError}`);
        continue;
      }
      await this.deliver(batch, epoch);
      if (this.epoch !== epoch) return;
      this.inFlight = 0;
    }
  }

  private toCaptured(item: Pending): CapturedEvent {
    const uuid = this.o.uuid();
    if ('event' in item) {
      return { uuid, event: item.event, distinctId: item.distinctId, timestamp: new Date(item.timestamp).toISOString(), properties: item.properties };
    }
    const event = buildExposureEvent(item);
    return { uuid, event: event.event, distinctId: event.distinctId, timestamp: event.timestamp ?? new Date(this.o.now()).toISOString(), properties: event.properties };
  }

  private async deliver(batch: readonly CapturedEvent[], epoch: number): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.sink.send(batch);
        if (this.epoch !== epoch) return;
        this.delivered += batch.length;
        if (this.failing) {
          this.failing = false;
          this.o.logger.warn(`rollgate: exposure sink ${this.sink.name} recovered`);
        }
        return;
      } catch (error) {
        if (this.epoch !== epoch) return;
        this.lastError = `${this.sink.name}: ${(error as Error)?.message ?? String(error)}`;
        if (!this.failing) {
          // Once per outage, not once per batch: a down sink must not flood the app's logs.
          this.failing = true;
          this.o.logger.warn(`rollgate: exposure sink failed (${this.lastError}); retrying, evaluations are not affected`);
        }
        if (attempt >= this.o.maxRetries) {
          this.failed += batch.length;
          return;
        }
        this.retries += 1;
        let delay = backoffDelay(attempt + 1, undefined, this.o.backoff);
        if (this.closing) delay = Math.min(delay, Math.max(this.deadline - Date.now(), 0));
        await this.sleep(delay);
        if (this.epoch !== epoch) return;
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref?.();
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.interruptSleep === done) self.interruptSleep = undefined;
        resolve();
      }
      this.interruptSleep = done;
    });
  }

  /**
   * Registers a one-shot `beforeExit` listener (removed by `close()`), so a process whose work is
   * done drains its records instead of exiting with them: the drain's I/O keeps the loop alive
   * until it settles or `closeTimeoutMs` passes. Registered lazily, only while there is something
   * to send, so many recorders in one process do not pile up listeners.
   */
  private watchExit(): void {
    if (typeof process === 'undefined' || typeof process.once !== 'function') return;
    const listener = (): void => {
      if (this.exitListener === listener) this.exitListener = undefined;
      if (this.queue.length > 0 || this.draining !== undefined) void this.close();
    };
    this.exitListener = listener;
    process.once('beforeExit', listener);
  }

  private unwatchExit(): void {
    const listener = this.exitListener;
    if (listener === undefined) return;
    this.exitListener = undefined;
    process.removeListener('beforeExit', listener);
  }

  /** Gives up on what is queued and in flight (close timed out): all of it counts as lost. */
  private abandon(): void {
    this.epoch += 1;
    this.lost += this.queue.clear() + this.inFlight;
    this.inFlight = 0;
    this.draining = undefined;
    this.interruptSleep?.();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerImmediate = false;
  }
}

/** Resolves true when `promise` settles within `ms`, false otherwise (never rejects). */
async function settlesWithin(promise: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  if (promise === undefined) return true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
