// Keeps one source's current document: disk cache, first bounded load, polling, file watching,
// backoff, last-known-good. Knows nothing of OpenFeature; the provider maps its events.
import type { Logger } from '@openfeature/server-sdk';
import { diffDocuments, type CompiledDocument, type DefinitionIssue } from '@rollgate/core';
import { textHash, type DocumentCache } from '../cache/document-cache.js';
import type { DefinitionSource, LoadOutcome, SourceFailure } from '../sources/definition-source.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';

/** The document being served, with where and when it was last confirmed. */
export interface Snapshot {
  readonly document: CompiledDocument;
  readonly hash: string;
  readonly sourceId: string;
  /** Epoch ms the source last confirmed this document (200 or 304), possibly in an earlier run. */
  readonly fetchedAt: number;
  readonly validator: string | undefined;
  readonly text: string;
}

/**
 * How much to trust the snapshot: `live` (confirmed by the source in this process, within the
 * TTL), `cached` (from a fresh disk cache, not yet confirmed in this process), `stale` (older
 * than the TTL: served because nothing better is available, refresh pending or failing).
 */
export type Freshness = 'live' | 'cached' | 'stale';

/** What the store last announced; events fire only on transitions between these. */
export type StoreHealth = 'ok' | 'stale' | 'error' | 'fatal';

export type StoreEvent =
  | {
      type: 'changed';
      added: string[];
      removed: string[];
      changed: string[];
      hash: string;
      previousHash: string | undefined;
      sourceId: string;
    }
  | { type: 'stale'; message: string }
  | { type: 'error'; errorCode: 'GENERAL' | 'PARSE_ERROR'; message: string }
  | { type: 'fatal'; message: string }
  | { type: 'recovered'; message: string };

/** How `start` found its first document. */
export type StartResult =
  | { served: 'source' | 'fresh-cache' | 'stale-cache' }
  | {
      served: 'none';
      /** A 401/403: retrying cannot help (a `failOpen: false` initialisation rejects with PROVIDER_FATAL). */
      fatal: boolean;
      /** For the PROVIDER_ERROR event of a fail-open start: never PROVIDER_FATAL (see RollgateProvider.forward). */
      errorCode: 'GENERAL' | 'PARSE_ERROR';
      message: string;
    };

/** One applied change, kept for inspection (`provider.changeLog`). */
export interface ChangeRecord {
  readonly at: number;
  readonly sourceId: string;
  readonly hash: string;
  readonly previousHash: string | undefined;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

export interface StoreStats {
  loads: number;
  applied: number;
  notModified: number;
  /** Documents the source delivered that did not compile (last good kept). */
  rejected: number;
  /** Failed loads (network, HTTP status, size, timeouts) plus rejected documents. */
  failures: number;
  /** Current streak of consecutive failures (drives the backoff). */
  consecutiveFailures: number;
  cacheWriteErrors: number;
  lastFailure: string | undefined;
}

export interface StoreOptions {
  source: DefinitionSource;
  /** Undefined: no disk cache. */
  cache: DocumentCache | undefined;
  ttlMs: number;
  initTimeoutMs: number;
  pollIntervalMs: number;
  debounceMs: number;
  backoff: BackoffOptions;
  logger: Logger;
  now: () => number;
}

const CHANGE_LOG_SIZE = 50;

export class FlagStore {
  snapshot: Snapshot | undefined;
  freshness: Freshness = 'live';
  health: StoreHealth = 'ok';
  readonly stats: StoreStats = {
    loads: 0,
    applied: 0,
    notModified: 0,
    rejected: 0,
    failures: 0,
    consecutiveFailures: 0,
    cacheWriteErrors: 0,
    lastFailure: undefined,
  };
  readonly changeLog: ChangeRecord[] = [];

  private readonly listeners: Array<(event: StoreEvent) => void> = [];
  private started = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> | undefined;
  private reloadRequested = false;
  private controller: AbortController | undefined;
  private writes: Promise<void> = Promise.resolve();
  private stopWatching: (() => void) | undefined;

  constructor(private readonly options: StoreOptions) {}

  on(listener: (event: StoreEvent) => void): void {
    this.listeners.push(listener);
  }

  /**
   * First document: a fresh disk cache is served with no network at all; a stale one is served at
   * once while a background refresh runs; with none, one load bounded by `initTimeoutMs`.
   * Never rejects. Events are not emitted for what happens inside `start` (the result says it).
   */
  async start(): Promise<StartResult> {
    const { source, ttlMs } = this.options;
    const cached = await this.readCache();
    let result: StartResult;
    let refreshNow = false;
    if (cached) {
      this.snapshot = cached;
      const age = this.options.now() - cached.fetchedAt;
      if (age < 0) {
        // Stamped in the future: the clock was set back, or another machine's clock ran ahead.
        // Its age is unknown, so it must not count as fresh (it would stay fresh for as long as the
        // skew, with no refresh at all): served at once as stale while a refresh runs.
        this.options.logger.warn(`cached definitions for ${source.id} are dated ${-age} ms in the future (clock changed?); treated as stale`);
      }
      if (this.isFresh(cached.fetchedAt)) {
        this.freshness = 'cached';
        result = { served: 'fresh-cache' };
        this.schedule(Math.min(this.options.pollIntervalMs, ttlMs - age));
      } else {
        this.freshness = 'stale';
        result = { served: 'stale-cache' };
        refreshNow = true;
      }
    } else {
      const failure = await this.initialLoad();
      if (this.snapshot) {
        result = { served: 'source' };
      } else {
        const fatal = failure?.kind === 'fatal';
        const message = `no definitions: ${failure?.message ?? `${source.id} gave nothing`}; serving the code's defaults`;
        result = {
          served: 'none',
          fatal,
          errorCode: failure?.code === 'PARSE_ERROR' ? 'PARSE_ERROR' : 'GENERAL',
          message,
        };
      }
    }
    this.started = true;
    if (!this.closed && this.health !== 'fatal') {
      this.stopWatching = source.watch?.(() => this.requestReload());
      if (refreshNow) void this.refresh();
    }
    if (this.options.cache) this.track(this.options.cache.sweepTempFiles().then(() => {}));
    return result;
  }

  /** Loads now (joining a load already in flight: at most one request at a time). */
  refresh(): Promise<void> {
    if (this.closed || this.health === 'fatal') return Promise.resolve();
    if (this.inflight) return this.inflight;
    const run = async (): Promise<void> => {
      do {
        this.reloadRequested = false;
        // A file change seen while this load ran may postdate what it read: go again.
        await this.runLoad(false, undefined);
      } while (this.reloadRequested && !this.closed && this.health !== 'fatal');
    };
    this.inflight = run().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /**
   * Resolves when nothing is pending: no load in flight, no debounced reload waiting, no cache write
   * unfinished. Tests await it after triggering a change ("await the background refresh").
   */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.inflight) {
        await this.inflight;
        continue;
      }
      if (this.debounceTimer) {
        await new Promise((resolve) => setTimeout(resolve, this.options.debounceMs + 1));
        continue;
      }
      const writes = this.writes;
      await writes;
      if (writes === this.writes && !this.inflight && !this.debounceTimer) return;
    }
  }

  /** Stops timers, the watcher and any request in flight; waits for a cache write to land. Idempotent. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      clearTimeout(this.timer);
      clearTimeout(this.debounceTimer);
      this.timer = undefined;
      this.debounceTimer = undefined;
      this.controller?.abort();
      this.stopWatching?.();
      this.stopWatching = undefined;
      try {
        this.options.source.close?.();
      } catch (error) {
        this.options.logger.warn(`closing source ${this.options.source.id}: ${(error as Error).message}`);
      }
    }
    await this.inflight?.catch(() => {});
    await this.writes;
  }

  private async initialLoad(): Promise<SourceFailure | undefined> {
    let failure: SourceFailure | undefined;
    const run = async (): Promise<void> => {
      failure = await this.runLoad(true, this.options.initTimeoutMs);
    };
    this.inflight = run().finally(() => {
      this.inflight = undefined;
    });
    await this.inflight;
    return failure;
  }

  private requestReload(): void {
    if (this.closed) return;
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      if (this.inflight) this.reloadRequested = true;
      void this.refresh();
    }, this.options.debounceMs);
    this.debounceTimer.unref();
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || this.health === 'fatal') return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, Math.max(0, delayMs));
    // Polling must never keep a CLI alive after its work is done.
    this.timer.unref();
  }

  /** One load and its consequences. Returns the failure, if it failed. */
  private async runLoad(initial: boolean, boundMs: number | undefined): Promise<SourceFailure | undefined> {
    const { source } = this.options;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed) return undefined;
    const controller = new AbortController();
    this.controller = controller;
    let boundHit = false;
    const bound =
      boundMs === undefined
        ? undefined
        : setTimeout(() => {
            boundHit = true;
            controller.abort();
          }, boundMs);
    bound?.unref();
    let outcome: LoadOutcome;
    this.stats.loads++;
    try {
      outcome = await source.load({ signal: controller.signal, validator: this.snapshot?.validator, initial });
    } catch (error) {
      // The interface says sources never reject; a buggy one still must not break the store.
      outcome = {
        status: 'failed',
        failure: { kind: 'transient', code: 'SOURCE_THREW', message: `${source.id}: ${(error as Error).message}` },
      };
    } finally {
      clearTimeout(bound);
      if (this.controller === controller) this.controller = undefined;
    }
    if (this.closed) return undefined;
    if (boundHit && outcome.status === 'failed') {
      outcome = {
        status: 'failed',
        failure: { kind: 'transient', code: 'TIMEOUT', message: `${source.id}: no answer within ${boundMs} ms` },
      };
    }
    return this.apply(outcome, initial);
  }

  private apply(outcome: LoadOutcome, initial: boolean): SourceFailure | undefined {
    const { source } = this.options;
    if (outcome.status === 'not-modified') {
      if (!this.snapshot) {
        return this.fail({ kind: 'transient', code: 'NOT_MODIFIED_WITHOUT_DOCUMENT', message: `${source.id} answered not-modified but nothing is held` });
      }
      this.stats.notModified++;
      this.snapshot = { ...this.snapshot, fetchedAt: this.options.now() };
      this.succeed();
      return undefined;
    }
    if (outcome.status === 'failed') return this.fail(outcome.failure);

    let compiled: ReturnType<DefinitionSource['compile']>;
    try {
      compiled = source.compile(outcome.text);
    } catch (error) {
      compiled = { ok: false, error: [{ path: '$', message: `compiler threw: ${(error as Error).message}` }] };
    }
    if (!compiled.ok) {
      this.stats.rejected++;
      const message = `definitions from ${source.id} rejected (${describeIssues(compiled.error)})${
        this.snapshot ? `; last good document ${this.snapshot.hash} keeps serving` : ''
      }`;
      return this.fail({ kind: 'transient', code: 'PARSE_ERROR', message });
    }
    const hash = textHash(outcome.text);
    const now = this.options.now();
    const previous = this.snapshot;
    const next: Snapshot = {
      document: compiled.value,
      hash,
      sourceId: source.id,
      fetchedAt: now,
      validator: outcome.validator,
      text: outcome.text,
    };
    this.snapshot = next;
    if (previous && previous.hash === hash) {
      this.stats.notModified++;
      this.succeed();
      return undefined;
    }
    const diff = previous
      ? diffDocuments(previous.document, next.document)
      : { added: [...next.document.flags.keys()], removed: [], changed: [] };
    this.stats.applied++;
    const record: ChangeRecord = { at: now, sourceId: source.id, hash, previousHash: previous?.hash, ...diff };
    this.changeLog.push(record);
    if (this.changeLog.length > CHANGE_LOG_SIZE) this.changeLog.shift();
    this.options.logger.info(
      `definitions applied from ${source.id}: hash ${previous?.hash ?? '(none)'} -> ${hash}; ` +
        `added [${diff.added.join(', ')}], removed [${diff.removed.join(', ')}], changed [${diff.changed.join(', ')}]`,
    );
    this.succeed();
    if (!initial) {
      this.emit({ type: 'changed', ...diff, hash, previousHash: previous?.hash, sourceId: source.id });
    }
    return undefined;
  }

  private succeed(): void {
    this.freshness = 'live';
    this.stats.consecutiveFailures = 0;
    if (this.health === 'stale' || this.health === 'error') {
      this.health = 'ok';
      this.emit({ type: 'recovered', message: `definitions from ${this.options.source.id} are current again` });
    }
    this.persist();
    this.schedule(this.options.pollIntervalMs);
  }

  /** Younger than the TTL by this machine's clock; a document dated in the future is not. */
  private isFresh(fetchedAt: number): boolean {
    const age = this.options.now() - fetchedAt;
    return age >= 0 && age < this.options.ttlMs;
  }

  private fail(failure: SourceFailure): SourceFailure {
    const { source, logger } = this.options;
    this.stats.failures++;
    this.stats.consecutiveFailures++;
    this.stats.lastFailure = failure.message;
    if (failure.kind === 'fatal') {
      logger.error(`${failure.message}; polling stopped (fatal)`);
      this.health = 'fatal';
      clearTimeout(this.timer);
      this.timer = undefined;
      this.stopWatching?.();
      this.stopWatching = undefined;
      // Nothing will confirm the document any more: its values are reported STALE from now on.
      if (this.snapshot) this.freshness = 'stale';
      this.emit({
        type: 'fatal',
        message: `${failure.message}; polling stopped (retrying cannot fix this), ${this.snapshot ? 'the last good definitions keep serving' : "the code's defaults are served"}`,
      });
      return failure;
    }
    const delay = backoffDelay(this.stats.consecutiveFailures, failure.retryAfterMs, this.options.backoff);
    logger.warn(`${failure.message}; retry in ${Math.round(delay)} ms`);
    if (!this.snapshot) {
      if (this.health !== 'error') {
        this.health = 'error';
        this.emit({
          type: 'error',
          errorCode: failure.code === 'PARSE_ERROR' ? 'PARSE_ERROR' : 'GENERAL',
          message: `no definitions from ${source.id}: ${failure.message}`,
        });
      }
    } else if (!this.isFresh(this.snapshot.fetchedAt)) {
      this.freshness = 'stale';
      if (this.health === 'ok') {
        this.health = 'stale';
        this.emit({
          type: 'stale',
          message: `definitions from ${source.id} are older than ${this.options.ttlMs} ms and could not be refreshed: ${failure.message}`,
        });
      }
    }
    this.schedule(delay);
    return failure;
  }

  private emit(event: StoreEvent): void {
    if (!this.started || this.closed) {
      // Inside `start` the result reports the state; the health is still recorded for later transitions.
      if (event.type === 'error') this.health = 'error';
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.logger.error(`store listener threw: ${(error as Error).message}`);
      }
    }
  }

  private persist(): void {
    const { cache } = this.options;
    const snapshot = this.snapshot;
    if (!cache || !snapshot) return;
    const entry =
      snapshot.validator === undefined
        ? { sourceId: snapshot.sourceId, fetchedAt: snapshot.fetchedAt, hash: snapshot.hash, text: snapshot.text }
        : {
            sourceId: snapshot.sourceId,
            fetchedAt: snapshot.fetchedAt,
            validator: snapshot.validator,
            hash: snapshot.hash,
            text: snapshot.text,
          };
    this.track(
      cache.write(entry).catch((error: Error) => {
        this.stats.cacheWriteErrors++;
        this.options.logger.warn(`cannot write the definitions cache ${cache.path}: ${error.message}`);
      }),
    );
  }

  // Serialises background work (cache writes, sweeps) so `whenIdle` and `close` can await it
  // and two writes never race each other's rename.
  private track(work: Promise<void>): void {
    this.writes = this.writes.then(() => work).catch(() => {});
  }

  private async readCache(): Promise<Snapshot | undefined> {
    const { cache, source, logger } = this.options;
    if (!cache) return undefined;
    const read = await cache.read();
    if (read.status === 'miss') return undefined;
    if (read.status !== 'hit') {
      logger.warn(`ignoring the definitions cache: ${read.problem}`);
      return undefined;
    }
    const { entry } = read;
    let compiled: ReturnType<DefinitionSource['compile']>;
    try {
      compiled = source.compile(entry.text);
    } catch (error) {
      compiled = { ok: false, error: [{ path: '$', message: (error as Error).message }] };
    }
    if (!compiled.ok) {
      logger.warn(`ignoring the definitions cache ${cache.path}: it no longer compiles (${describeIssues(compiled.error)})`);
      return undefined;
    }
    return {
      document: compiled.value,
      hash: entry.hash,
      sourceId: entry.sourceId,
      fetchedAt: entry.fetchedAt,
      validator: entry.validator,
      text: entry.text,
    };
  }
}

function describeIssues(issues: readonly DefinitionIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${issue.path}: ${issue.message}`);
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : '';
  return `${issues.length} issue${issues.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`;
}
