// The OpenFeature web provider's machinery: static context, every flag evaluated once per
// context, reads served synchronously from that snapshot. Dialect-free, so each entry point
// (flagd, PostHog) bundles only its own compiler.
import {
  diffDocuments,
  documentHash,
  evaluate,
  type CompiledDocument,
  type EvaluationContext,
  type FlagMetadata,
  type FlagType,
  type JsonValue,
  type Resolution,
} from '@rollgate/core';
import {
  ErrorCode,
  OpenFeatureEventEmitter,
  ProviderEvents,
  type Hook,
  type JsonValue as OpenFeatureJsonValue,
  type Provider,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/web-sdk';
import { DefinitionsCache } from './cache/definitions-cache.js';
import { isDefinitionsBootstrap } from './definitions/bootstrap.js';
import { contextKey } from './definitions/context-key.js';
import { fetchDefinitions } from './definitions/fetch-definitions.js';
import { DefinitionsRejectedError, type DefinitionsSource } from './errors/definitions-rejected-error.js';
import { DefinitionsUnavailableError } from './errors/definitions-unavailable-error.js';
import { FetchFailedError } from './errors/fetch-failed-error.js';
import type { RollgateWebError } from './errors/rollgate-web-error.js';
import { ExposureHook } from './exposure/exposure-hook.js';
import type { Dialect } from './definitions/dialect.js';
import { resolveOptions, type ResolvedOptions, type RollgateWebProviderOptions } from './options.js';
import { asDetails, changedKeys, snapshotFromDocument, snapshotFromValues, type Snapshot, type SnapshotEntry } from './snapshot.js';

/** What one `refresh()` did; tests and apps await it to know the background work is over. */
export type RefreshOutcome =
  | { kind: 'updated'; flagsChanged: string[] }
  | { kind: 'unchanged' }
  | { kind: 'not-modified' }
  | { kind: 'failed'; error: RollgateWebError }
  | { kind: 'skipped'; why: 'no-url' | 'closed' };

/** Mirrors the provider status the SDK derives from our events, to emit each transition once. */
type Lifecycle = 'NOT_READY' | 'READY' | 'STALE' | 'ERROR';

const NO_DEFINITIONS_YET = 'the provider has not been initialised';

/** Use `RollgateWebProvider` (flagd) or `PosthogWebProvider` (`@rollgate/openfeature-web/posthog`). */
export class WebProviderBase implements Provider {
  readonly metadata = { name: 'rollgate-web' } as const;
  readonly runsOn = 'client' as const;
  readonly events = new OpenFeatureEventEmitter();
  /** The exposure hook when `capture` is set; no hook at all otherwise (nothing on the read path). */
  readonly hooks: Hook[];

  private readonly options: ResolvedOptions;
  private readonly cache: DefinitionsCache | undefined;
  private readonly exposure: ExposureHook | undefined;

  private context: EvaluationContext = {};
  private document: CompiledDocument | undefined;
  private documentHash: string | undefined;
  /** The held document as parsed JSON, to persist again after a 304. */
  private documentJson: unknown;
  private etag: string | undefined;
  private precomputed: { key: string; snapshot: Snapshot } | undefined;
  private snapshot: Snapshot = new Map();
  /** Why nothing serves the current context; used in error resolutions. */
  private unavailable = NO_DEFINITIONS_YET;
  private lifecycle: Lifecycle = 'NOT_READY';
  private inflight: Promise<RefreshOutcome> | undefined;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private poller: ReturnType<typeof setInterval> | undefined;
  /** Context changes waiting on the URL: their failure is the SDK's PROVIDER_ERROR, not ours. */
  private reconciling = 0;
  /** Bumped by `onClose`, so a fetch that lands after shutdown changes nothing. */
  private generation = 0;

  constructor(options: RollgateWebProviderOptions, defaultDialect: Dialect) {
    this.options = resolveOptions(options, defaultDialect);
    const cache = this.options.cache;
    this.cache = cache !== undefined ? new DefinitionsCache(cache.storage, cache.key) : undefined;
    const capture = this.options.capture;
    if (capture !== undefined) {
      this.exposure = new ExposureHook({
        capture,
        distinctId: this.options.distinctId,
        dedupCapacity: this.options.exposureDedupCapacity,
        onError: (error) => this.report(error),
        posthogFlagType: (flagKey) => (this.document?.dialect === 'posthog' ? this.document.flags.get(flagKey)?.type : undefined),
      });
      this.hooks = [this.exposure];
    } else {
      this.hooks = [];
    }
  }

  /**
   * Serves from the first source that can: inline definitions, precomputed values for this
   * context, the cache (fresh, or stale within `maxStaleMs`), and only then waits for the URL
   * (bounded by `fetchTimeoutMs`). Rejects with DefinitionsUnavailableError when none can, and
   * the SDK emits PROVIDER_ERROR; reads then return the code's defaults.
   */
  async initialize(context?: EvaluationContext): Promise<void> {
    this.context = context ?? {};
    const options = this.options;
    if (options.bootstrapError !== undefined) {
      this.report(new DefinitionsRejectedError('bootstrap', 'inline', [{ path: '$', message: options.bootstrapError }]));
    }
    let revalidate = options.url !== undefined;
    let mustFetch = false;
    const bootstrap = options.bootstrap;
    if (bootstrap !== undefined && isDefinitionsBootstrap(bootstrap)) {
      const rejected = this.adopt(bootstrap.definitions, 'bootstrap', 'inline', undefined);
      if (rejected === undefined) this.persist();
      else this.report(rejected);
    } else if (bootstrap !== undefined) {
      this.precomputed = { key: contextKey(bootstrap.context), snapshot: snapshotFromValues(bootstrap.values, bootstrap.callerDefaults) };
      if (this.precomputed.key === contextKey(this.context)) this.snapshot = this.precomputed.snapshot;
      else this.unavailable = 'the bootstrapped values were computed for another context';
    }
    if (!this.serving()) {
      const age = this.adoptFromCache();
      if (age !== undefined) {
        const { ttlMs, maxStaleMs } = options.cache ?? { ttlMs: 0, maxStaleMs: 0 };
        if (age >= 0 && age < ttlMs) revalidate = false;
        else if (age > ttlMs + maxStaleMs) mustFetch = true;
      }
    }
    let initialFetchFailed = false;
    if ((!this.serving() || mustFetch) && options.url !== undefined) {
      const outcome = await this.refresh();
      initialFetchFailed = outcome.kind === 'failed';
      revalidate = false;
    }
    if (!this.serving()) {
      this.lifecycle = 'ERROR';
      this.startPolling();
      throw new DefinitionsUnavailableError(`no definitions can serve the initial context: ${this.unavailable}`);
    }
    this.lifecycle = 'READY';
    // Events and background work start after the SDK has seen initialize resolve (READY first).
    if (initialFetchFailed) this.later(() => this.markStale('serving cached definitions older than maxStaleMs: the URL failed'));
    if (revalidate) this.later(() => void this.refresh());
    this.startPolling();
  }

  /**
   * Re-evaluates every flag for the new context. Returns a promise (the SDK shows RECONCILING,
   * then CONTEXT_CHANGED); rejects (SDK: PROVIDER_ERROR) only when no definitions can serve the
   * new context, e.g. values precomputed for another user and the URL down.
   */
  async onContextChange(_oldContext: EvaluationContext, newContext: EvaluationContext): Promise<void> {
    this.context = newContext;
    if (this.rebuildForContext()) {
      if (this.lifecycle === 'ERROR') this.lifecycle = 'READY';
      return;
    }
    // Values precomputed for another context: a cached document (any age) beats waiting.
    if (this.adoptFromCache() !== undefined) {
      if (this.options.url !== undefined) this.later(() => void this.refresh());
      this.lifecycle = 'READY';
      return;
    }
    // Nothing held fits the new context: reads fail open (code defaults) until the URL answers.
    this.snapshot = new Map();
    if (this.options.url !== undefined) {
      this.reconciling += 1;
      try {
        await this.refresh();
      } finally {
        this.reconciling -= 1;
      }
      if (this.serving()) {
        this.lifecycle = 'READY';
        return;
      }
    }
    this.lifecycle = 'ERROR';
    throw new DefinitionsUnavailableError(`no definitions can serve the new context: ${this.unavailable}`);
  }

  async onClose(): Promise<void> {
    this.generation += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    if (this.poller !== undefined) clearInterval(this.poller);
    this.poller = undefined;
    this.inflight = undefined;
    this.document = undefined;
    this.documentHash = undefined;
    this.documentJson = undefined;
    this.etag = undefined;
    this.precomputed = undefined;
    this.snapshot = new Map();
    this.unavailable = NO_DEFINITIONS_YET;
    this.lifecycle = 'NOT_READY';
  }

  /**
   * Revalidates the definitions URL now (If-None-Match). Concurrent calls share one request.
   * Emits CONFIGURATION_CHANGED with the changed keys when the document changed, PROVIDER_STALE
   * when it failed while older definitions keep serving, PROVIDER_READY on recovery.
   */
  refresh(): Promise<RefreshOutcome> {
    if (this.options.url === undefined || this.options.fetch === undefined) return Promise.resolve({ kind: 'skipped', why: 'no-url' });
    if (this.inflight === undefined) {
      const inflight = this.revalidate(this.options.url, this.options.fetch).finally(() => {
        if (this.inflight === inflight) this.inflight = undefined;
      });
      this.inflight = inflight;
    }
    return this.inflight;
  }

  /** Forgets which exposures were captured and shown (e.g. a single-page app starting a new session). */
  resetExposures(): void {
    this.exposure?.reset();
  }

  /**
   * `client.track(eventName, details)` (the OpenFeature tracking API): with `capture` set, captures
   * the event with the flags this distinct id was shown on the page (`$feature/<key>`,
   * `$active_feature_flags`); without it, nothing. Never throws: problems reach `onError`.
   */
  track(trackingEventName: string, context: EvaluationContext, trackingEventDetails: TrackingEventDetails): void {
    this.exposure?.track(trackingEventName, context, trackingEventDetails);
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean): ResolutionDetails<boolean> {
    return this.resolve(flagKey, 'boolean', defaultValue);
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string): ResolutionDetails<string> {
    return this.resolve(flagKey, 'string', defaultValue);
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number): ResolutionDetails<number> {
    return this.resolve(flagKey, 'number', defaultValue);
  }

  resolveObjectEvaluation<T extends OpenFeatureJsonValue>(flagKey: string, defaultValue: T): ResolutionDetails<T> {
    return this.resolve(flagKey, 'object', defaultValue as JsonValue) as unknown as ResolutionDetails<T>;
  }

  // The read path: one map lookup and two comparisons; everything else was done per context.
  private resolve<T extends JsonValue>(flagKey: string, type: FlagType, defaultValue: T): ResolutionDetails<T> {
    const entry = this.snapshot.get(flagKey);
    if (entry !== undefined && entry.type === type && !entry.callerDefault) return entry.details as ResolutionDetails<T>;
    return this.resolveSlowly(flagKey, type, defaultValue, entry);
  }

  private resolveSlowly<T extends JsonValue>(flagKey: string, type: FlagType, defaultValue: T, entry: SnapshotEntry | undefined): ResolutionDetails<T> {
    const document = this.document;
    // The engine owns defaults, type mismatches and missing flags whenever there is a document.
    if (document !== undefined) return asDetails(evaluate(document, flagKey, type, defaultValue, this.context, { now: this.options.now() }));
    // Precomputed values: the same answers, in the same order of checks, as the server's engine.
    let failure: Resolution<T>;
    if (entry !== undefined && entry.type !== type) {
      failure = error(defaultValue, 'TYPE_MISMATCH', `flag \`${flagKey}\` is of type ${entry.type}, read as ${type}`, entry.details.flagMetadata);
    } else if (entry !== undefined) {
      // The server answered the caller's default (DISABLED, DEFAULT, or an error): so does the page.
      return { ...entry.details, value: defaultValue } as ResolutionDetails<T>;
    } else if (this.serving()) {
      // Values bootstrapped for this context (possibly none): a key not among them is not a flag.
      failure = error(defaultValue, 'FLAG_NOT_FOUND', `flag \`${flagKey}\` is not in the bootstrapped values`);
    } else {
      failure = error(defaultValue, 'GENERAL', `no definitions: ${this.unavailable}; returning the code default`);
    }
    return asDetails(failure);
  }

  private async revalidate(url: string, fetch: typeof globalThis.fetch): Promise<RefreshOutcome> {
    const generation = this.generation;
    const result = await fetchDefinitions({
      url,
      etag: this.etag,
      timeoutMs: this.options.fetchTimeoutMs,
      fetch,
      headers: this.options.headers,
      credentials: this.options.credentials,
    });
    if (generation !== this.generation) return { kind: 'skipped', why: 'closed' };
    if (!result.ok) return this.refreshFailed(result.error);
    const outcome = result.value;
    if (outcome.kind === 'not-modified') {
      if (this.document === undefined) {
        // A 304 for a document we no longer hold (its cache entry was lost): ask again, unconditionally.
        this.etag = undefined;
        return this.refreshFailed(new FetchFailedError(url, { status: 304 }, 'HTTP 304 for a document not held; will refetch'));
      }
      this.persist();
      this.recovered([]);
      return { kind: 'not-modified' };
    }
    const hash = documentHash(outcome.document);
    if (hash === this.documentHash && this.document !== undefined) {
      this.etag = outcome.etag;
      this.documentJson = outcome.document;
      this.persist();
      this.recovered([]);
      return { kind: 'unchanged' };
    }
    const before = this.snapshot;
    const previous = this.document;
    const rejected = this.adopt(outcome.document, 'url', url, outcome.etag);
    if (rejected !== undefined) return this.refreshFailed(rejected);
    this.persist();
    const changed = new Set(changedKeys(before, this.snapshot));
    if (previous !== undefined && this.document !== undefined) {
      const diff = diffDocuments(previous, this.document);
      for (const key of [...diff.added, ...diff.removed, ...diff.changed]) changed.add(key);
    }
    const flagsChanged = [...changed].sort();
    this.recovered(flagsChanged);
    return { kind: 'updated', flagsChanged };
  }

  /** Compiles and serves a document; a rejected one is returned and the last good one stays. */
  private adopt(json: unknown, source: DefinitionsSource, where: string, etag: string | undefined): DefinitionsRejectedError | undefined {
    const compiled = this.options.dialect.compile(json, { extensions: this.options.extensions });
    if (!compiled.ok) {
      const error = new DefinitionsRejectedError(source, where, compiled.error);
      if (!this.serving()) this.unavailable = error.message;
      return error;
    }
    this.document = compiled.value;
    this.documentHash = documentHash(json);
    this.documentJson = json;
    this.etag = etag;
    this.snapshot = snapshotFromDocument(compiled.value, this.context, this.options.now());
    return undefined;
  }

  /** Points the snapshot at the current context; false when nothing can serve it. */
  private rebuildForContext(): boolean {
    if (this.document !== undefined) {
      this.snapshot = snapshotFromDocument(this.document, this.context, this.options.now());
      return true;
    }
    if (this.precomputed !== undefined && this.precomputed.key === contextKey(this.context)) {
      this.snapshot = this.precomputed.snapshot;
      return true;
    }
    if (this.precomputed !== undefined) this.unavailable = 'the bootstrapped values were computed for another context';
    return false;
  }

  private serving(): boolean {
    return this.document !== undefined || (this.precomputed !== undefined && this.snapshot === this.precomputed.snapshot);
  }

  private refreshFailed(error: RollgateWebError): RefreshOutcome {
    this.report(error);
    if (!this.serving()) this.unavailable = error.message;
    if (this.lifecycle === 'NOT_READY') return { kind: 'failed', error };
    if (this.serving()) this.markStale(error.message);
    else if (this.reconciling > 0) this.lifecycle = 'ERROR';
    else if (this.lifecycle !== 'ERROR') {
      this.lifecycle = 'ERROR';
      this.events.emit(ProviderEvents.Error, { message: error.message, errorCode: ErrorCode.GENERAL });
    }
    return { kind: 'failed', error };
  }

  private markStale(message: string): void {
    if (this.lifecycle !== 'READY') return;
    this.lifecycle = 'STALE';
    this.events.emit(ProviderEvents.Stale, { message });
  }

  private recovered(flagsChanged: string[]): void {
    if (this.lifecycle === 'NOT_READY') return;
    if (this.lifecycle === 'STALE' || this.lifecycle === 'ERROR') {
      this.lifecycle = 'READY';
      this.events.emit(ProviderEvents.Ready, { message: 'definitions refreshed' });
    }
    if (flagsChanged.length > 0) this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged });
  }

  /** Serves the cached document if there is a valid one; returns its age in ms, else undefined. */
  private adoptFromCache(): number | undefined {
    if (this.cache === undefined) return undefined;
    const read = this.cache.read();
    if (!read.ok) {
      this.report(read.error);
      return undefined;
    }
    const cached = read.value;
    if (cached === undefined) return undefined;
    const rejected = this.adopt(cached.document, 'cache', this.cache.key, cached.etag);
    if (rejected !== undefined) {
      this.report(rejected);
      return undefined;
    }
    return this.options.now() - cached.storedAt;
  }

  /** Stores the held document as current now (after it was adopted, or confirmed by a 304). */
  private persist(): void {
    if (this.cache === undefined || this.documentJson === undefined) return;
    const written = this.cache.write({ document: this.documentJson, etag: this.etag, storedAt: this.options.now() });
    if (!written.ok) this.report(written.error);
  }

  private startPolling(): void {
    const every = this.options.pollIntervalMs;
    if (every <= 0 || this.options.url === undefined || this.poller !== undefined) return;
    this.poller = setInterval(() => void this.refresh(), every);
    (this.poller as { unref?: () => void }).unref?.();
  }

  private later(task: () => void): void {
    const timer = setTimeout(() => {
      this.timers = this.timers.filter((t) => t !== timer);
      task();
    }, 0);
    this.timers.push(timer);
  }

  private report(error: RollgateWebError): void {
    try {
      this.options.onError(error);
    } catch {
      // A throwing error handler must not turn a cache or network problem into an app crash.
    }
  }
}

function error<T extends JsonValue>(
  value: T,
  errorCode: 'TYPE_MISMATCH' | 'FLAG_NOT_FOUND' | 'GENERAL',
  errorMessage: string,
  flagMetadata: FlagMetadata = {},
): Resolution<T> {
  return { ok: false, value, reason: 'ERROR', errorCode, errorMessage, flagMetadata };
}
