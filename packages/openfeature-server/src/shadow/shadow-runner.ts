// Runs comparisons off the hot path: a bounded queue drained on a later turn of the event loop.
import type { EvaluationContext, Logger, Provider, ResolutionDetails } from '@openfeature/server-sdk';
import {
  classifyComparison,
  COMPARISON_RECORD_VERSION,
  type ComparedAnswer,
  type ComparisonRecord,
  type ComparisonSide,
  type FlagType,
  type FlagValue,
  type JsonValue,
  type ShadowFailure,
} from '@rollgate/core';
import { BoundedQueue } from '../exposure/bounded-queue.js';
import { RollgateProvider } from '../provider/rollgate-provider.js';
import { askProvider } from './ask-provider.js';
import type { ComparisonLog } from './comparison-log.js';
import { loggedAttributes, loggedKey, type ContextFieldRules } from './context-fields.js';
import { emptyShadowStats, type ShadowStats } from './shadow-stats.js';

/** One comparison waiting to run. The answered side's promise is only awaited here, never on the hot path. */
export interface ComparisonJob {
  readonly mode: 'shadow' | 'route';
  readonly type: FlagType;
  readonly flagKey: string;
  readonly defaultValue: FlagValue;
  readonly context: EvaluationContext;
  readonly time: number;
  /** The app's answer: the details themselves when the answering side evaluated synchronously, else its promise. */
  readonly answered: ResolutionDetails<FlagValue> | Promise<ResolutionDetails<FlagValue>>;
  readonly answeredBy: Provider;
  readonly answeredSource: string;
  readonly asked: Provider;
  readonly askedSource: string;
}

export interface ShadowRunnerOptions {
  readonly timeoutMs: number;
  readonly queueCapacity: number;
  readonly maxInFlight: number;
  readonly breaker: { readonly failures: number; readonly cooldownMs: number; readonly maxCooldownMs: number };
  readonly now: () => number;
  /** True for a side whose `evaluate()` answers as its resolvers do (a started RollgateProvider). */
  readonly synchronous: (provider: Provider) => boolean;
  readonly compareVariants: boolean;
  readonly fields: ContextFieldRules;
  readonly log: ComparisonLog | undefined;
  readonly onComparison: ((record: ComparisonRecord) => void) | undefined;
  readonly logger: Logger;
}

const TIMEOUT = Symbol('timeout');
/** Comparisons started per turn of the event loop. */
const SYNC_PER_TURN = 256;

export class ShadowRunner {
  readonly stats: ShadowStats = emptyShadowStats();
  private readonly queue: BoundedQueue<ComparisonJob>;
  private scheduled = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private warnedCallback = false;
  /** Circuit breaker over the compared side: failures in a row, and until when it is not asked. */
  private failuresInRow = 0;
  private openUntil = 0;
  private cooldownMs: number;
  private readonly classifyOptions: { compareVariants: boolean };

  constructor(private readonly options: ShadowRunnerOptions) {
    this.queue = new BoundedQueue(options.queueCapacity);
    this.cooldownMs = options.breaker.cooldownMs;
    this.classifyOptions = { compareVariants: options.compareVariants };
    this.stats.log = options.log?.stats;
  }

  /** Queues a comparison; O(1), never throws, never awaits. False when it was dropped (queue full or closed). */
  offer(job: ComparisonJob): boolean {
    if (this.closed || !this.queue.push(job)) {
      this.stats.droppedQueueFull += 1;
      return false;
    }
    this.stats.queued += 1;
    this.stats.pending += 1;
    if (!this.scheduled) {
      this.scheduled = true;
      // setImmediate, not a microtask: the app's own continuation (and any I/O already due) runs
      // first; the comparison only uses time the event loop would otherwise spend idle.
      setImmediate(this.drain);
    }
    return true;
  }

  /** Resolves when nothing is queued or in flight (tests await comparisons deterministically). */
  whenIdle(): Promise<void> {
    if (this.stats.pending === 0 && this.stats.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops accepting; waits up to `timeoutMs` for queued and in-flight comparisons; counts the rest lost. */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.whenIdle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    const left = this.queue.clear();
    this.stats.pending -= left;
    this.stats.lostAtClose += left + this.stats.inFlight;
    // In-flight comparisons that finish later are not counted twice (see finish()).
    this.stats.inFlight = 0;
    this.notifyIdle();
  }

  private readonly drain = (): void => {
    this.scheduled = false;
    // Bounded work per turn of the event loop: a backlog of comparisons never holds the loop for
    // long (the app's next request waits at most one slice of this).
    let budget = SYNC_PER_TURN;
    while (this.queue.length > 0 && budget > 0 && this.stats.inFlight < this.options.maxInFlight) {
      const jobs = this.queue.take(Math.min(this.queue.length, budget, this.options.maxInFlight - this.stats.inFlight));
      for (const job of jobs) {
        this.stats.pending -= 1;
        budget -= 1;
        if (!(job.answered instanceof Promise)) {
          if (this.breakerOpen()) {
            // Resting: recorded as SHADOW_ERROR at once, without asking and without an await.
            this.settle(job, toAnswer(job.answered), this.shortCircuit(), performance.now());
            continue;
          }
          if (job.asked instanceof RollgateProvider && this.options.synchronous(job.asked)) {
            // Both sides synchronous: compared right here, no promise, no timer, little garbage.
            this.compareNow(job, job.answered, job.asked);
            continue;
          }
        }
        this.stats.inFlight += 1;
        void this.compare(job).then(this.finish, this.finish);
      }
    }
    if (this.queue.length > 0 && !this.scheduled && this.stats.inFlight < this.options.maxInFlight) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
    this.notifyIdle();
  };

  private readonly finish = (): void => {
    if (this.closed && this.stats.inFlight === 0) return; // counted in lostAtClose already
    this.stats.inFlight -= 1;
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
    this.notifyIdle();
  };

  private notifyIdle(): void {
    if (this.stats.pending !== 0 || this.stats.inFlight !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private breakerOpen(): boolean {
    return this.openUntil !== 0 && this.options.now() < this.openUntil;
  }

  private shortCircuit(): ShadowFailure {
    this.stats.shortCircuited += 1;
    return { failed: true, kind: 'circuit-open', message: `not asked: ${this.options.breaker.failures} failures in a row, resting until ${new Date(this.openUntil).toISOString()}` };
  }

  private recordFailure(): void {
    this.failuresInRow += 1;
    const b = this.options.breaker;
    const now = this.options.now();
    if (this.openUntil !== 0 && now < this.openUntil) return; // already resting (late failures of earlier asks)
    if (this.openUntil !== 0) {
      // The rest is over and a probe failed: rest again, twice as long.
      this.cooldownMs = Math.min(this.cooldownMs * 2, b.maxCooldownMs);
    } else if (this.failuresInRow < b.failures) {
      return;
    }
    this.openUntil = now + this.cooldownMs;
    this.stats.breakerOpenings += 1;
    if (this.stats.breakerOpenings === 1) {
      this.options.logger.warn(`shadow: the compared side failed ${this.failuresInRow} times in a row; it is not asked for ${this.cooldownMs} ms at a time (those comparisons are recorded as SHADOW_ERROR, circuit-open)`);
    }
  }

  private closeBreaker(): void {
    this.failuresInRow = 0;
    this.openUntil = 0;
    this.cooldownMs = this.options.breaker.cooldownMs;
  }

  private askSync(job: ComparisonJob, provider: RollgateProvider): ComparedAnswer | ShadowFailure {
    try {
      return toAnswer(provider.evaluate(job.flagKey, job.type, job.defaultValue, job.context));
    } catch (error) {
      this.stats.thrown += 1;
      return { failed: true, kind: 'thrown', message: error instanceof Error ? error.message : String(error) };
    }
  }

  private async askAsync(job: ComparisonJob): Promise<ComparedAnswer | ShadowFailure> {
    const o = this.options;
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        askProvider(job.asked, job.type, job.flagKey, job.defaultValue, job.context, o.logger),
        new Promise<typeof TIMEOUT>((resolve) => {
          timer = setTimeout(resolve, o.timeoutMs, TIMEOUT);
          // A comparison never keeps the process alive.
          timer.unref();
        }),
      ]);
      if (result !== TIMEOUT) return toAnswer(result);
      this.stats.timeouts += 1;
      return { failed: true, kind: 'timeout', message: `timeout after ${o.timeoutMs} ms` };
    } catch (error) {
      this.stats.thrown += 1;
      return { failed: true, kind: 'thrown', message: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Both sides synchronous (RollgateProviders): no await anywhere. */
  private compareNow(job: ComparisonJob, answered: ResolutionDetails<FlagValue>, asked: RollgateProvider): void {
    const started = performance.now();
    const result = this.breakerOpen() ? this.shortCircuit() : this.askSync(job, asked);
    this.settle(job, toAnswer(answered), result, started);
  }

  private async compare(job: ComparisonJob): Promise<void> {
    let answered: ComparedAnswer;
    try {
      answered = toAnswer(await job.answered);
    } catch {
      // The SDK turns a rejected resolver into the code's default with GENERAL: that is what the app got.
      answered = { value: job.defaultValue as JsonValue, reason: 'ERROR', errorCode: 'GENERAL', variant: undefined };
    }
    const started = performance.now();
    // A RollgateProvider is asked through its synchronous seam: no promise, no timer (it does no
    // I/O, so it cannot hang). Any other provider is asked through its resolver, with a timeout.
    const asked = this.breakerOpen() ? this.shortCircuit() : job.asked instanceof RollgateProvider && this.options.synchronous(job.asked) ? this.askSync(job, job.asked) : await this.askAsync(job);
    if (this.closed && this.stats.inFlight === 0) return; // given up at close: already counted lost
    this.settle(job, answered, asked, started);
  }

  /** Breaker bookkeeping, classification, counts, and the record for the log and the callback. */
  private settle(job: ComparisonJob, answered: ComparedAnswer, asked: ComparedAnswer | ShadowFailure, started: number): void {
    const o = this.options;
    if (!('failed' in asked)) this.closeBreaker();
    else if (asked.kind !== 'circuit-open') this.recordFailure();
    const verdict = classifyComparison(answered, asked, this.classifyOptions);
    this.stats.compared += 1;
    this.stats.verdicts[verdict] += 1;
    if (o.log === undefined && o.onComparison === undefined) return;
    const elapsed = performance.now() - started;
    const record: ComparisonRecord = {
      v: COMPARISON_RECORD_VERSION,
      time: new Date(job.time).toISOString(),
      mode: job.mode,
      flag: job.flagKey,
      type: job.type,
      key: loggedKey(job.context, o.fields),
      verdict,
      primary: side(job.answeredSource, answered),
      shadow: 'failed' in asked ? { source: job.askedSource, value: null, variant: null, reason: null, errorCode: null, error: `${asked.kind}: ${asked.message}` } : side(job.askedSource, asked),
      attributes: loggedAttributes(job.context, o.fields),
      ...('failed' in asked && asked.kind === 'timeout' ? {} : { shadowMs: Math.round(elapsed * 1000) / 1000 }),
    };
    o.log?.add(record);
    if (o.onComparison !== undefined) {
      try {
        o.onComparison(record);
      } catch (error) {
        this.stats.callbackErrors += 1;
        if (!this.warnedCallback) {
          this.warnedCallback = true;
          o.logger.warn(`shadow onComparison threw: ${(error as Error).message} (counted in stats.callbackErrors)`);
        }
      }
    }
  }
}

/** The fields classification reads; a details object already has them (no copy). */
function toAnswer(details: ResolutionDetails<FlagValue>): ComparedAnswer {
  if (details === null || typeof details !== 'object') return { value: null, errorCode: 'GENERAL', reason: 'ERROR', variant: undefined };
  return details as unknown as ComparedAnswer;
}

function side(source: string, answer: ComparedAnswer): ComparisonSide {
  return {
    source,
    value: answer.value === undefined ? null : answer.value,
    variant: answer.variant ?? null,
    reason: answer.reason ?? null,
    errorCode: answer.errorCode ?? null,
  };
}
