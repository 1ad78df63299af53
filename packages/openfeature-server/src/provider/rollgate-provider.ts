// The OpenFeature server provider: evaluation on the pure core, definitions kept by a FlagStore.
import {
  OpenFeatureEventEmitter,
  ProviderEvents,
  type EvaluationContext,
  type Hook,
  type JsonValue as OpenFeatureJsonValue,
  type Provider,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import { evaluate, toResolutionDetails, type FlagType, type FlagValue } from '@rollgate/core';
import { DocumentCache } from '../cache/document-cache.js';
import { ExposureRecorder } from '../exposure/exposure-recorder.js';
import { getInstallId } from '../install-id.js';
import { resolveOptions, type ResolvedOptions, type RollgateProviderOptions } from '../options.js';
import type { DefinitionSource } from '../sources/definition-source.js';
import { createSource } from '../sources/source-registry.js';
import { FlagStore, type ChangeRecord, type Freshness, type StartResult, type StoreEvent, type StoreHealth, type StoreStats } from '../store/flag-store.js';
import { killSwitchOn } from './kill-switch.js';
import { loadOverrides, type Override } from './overrides.js';
import { overrideDetails } from './override-details.js';
import { ProviderInitError } from './provider-init-error.js';

/** A read-only view of the provider's state, for health endpoints and tests. */
export interface ProviderState {
  readonly disabled: boolean;
  readonly started: boolean;
  readonly sourceId: string;
  /** Hash of the document being served, if any. */
  readonly hash: string | undefined;
  readonly freshness: Freshness | undefined;
  readonly health: StoreHealth | undefined;
  /** Epoch ms the source last confirmed the served document. */
  readonly fetchedAt: number | undefined;
  readonly stats: Readonly<StoreStats> | undefined;
  readonly overrides: number;
}

type Details<T> = ResolutionDetails<T>;

const EMPTY_METADATA = Object.freeze({});

export class RollgateProvider implements Provider {
  readonly metadata = { name: 'rollgate' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  /** Provider hooks (spec 2.3.1); `addHooks` appends (the exposure hook plugs in here). */
  readonly hooks: Hook[];
  /** `<prefix>_DISABLED` was set: no file, no socket, every evaluation returns the code's default. */
  readonly disabled: boolean;
  /** The exposure pipeline (`exposure` option): its hook is in `hooks`, `stats` has its accounting. */
  readonly exposure: ExposureRecorder | undefined;

  private readonly options: ResolvedOptions;
  private readonly source: DefinitionSource;
  private store: FlagStore | undefined;
  private overrides = new Map<string, Override>();
  /** Set while a lazy provider has not started: evaluations await `start()` first. */
  private lazyPending = false;
  private starting: Promise<StartResult | undefined> | undefined;
  private installIdValue: string | undefined;

  constructor(options: RollgateProviderOptions) {
    this.options = resolveOptions(options);
    // Constructing does no I/O: a source object only records its options.
    this.source = createSource(this.options.source);
    this.hooks = [...this.options.hooks];
    this.disabled = killSwitchOn(this.options.env, this.options.envPrefix);
    // The kill switch also silences exposures (no sink is ever opened). Constructing does no I/O.
    this.exposure =
      this.options.exposure === undefined || this.disabled
        ? undefined
        : new ExposureRecorder(this.options.exposure, {
            fallbackDistinctId: () => this.installId(),
            evaluatedFor: this.source.evaluatedFor,
            posthogFlagType: (flagKey) => this.posthogFlagType(flagKey),
            logger: this.options.logger,
          });
    if (this.exposure) this.hooks.push(this.exposure.hook);
  }

  /** Appends provider hooks (e.g. the exposure hook). */
  addHooks(...hooks: Hook[]): void {
    this.hooks.push(...hooks);
  }

  /**
   * Called by the SDK on `setProvider`. Disabled: nothing. Lazy: nothing yet (the first evaluation
   * or `start()` does the work). Otherwise: cache / bounded load, then READY (the SDK emits it when
   * this resolves: exactly once per initialisation).
   */
  async initialize(): Promise<void> {
    if (this.disabled) return;
    if (this.options.lazy) {
      this.lazyPending = true;
      return;
    }
    const result = await this.start();
    if (result?.served === 'none') {
      if (!this.options.failOpen) throw new ProviderInitError(result.message, result.fatal);
      // Fail open: initialisation "succeeds" (READY, emitted by the SDK right after this resolves),
      // then the ERROR that puts the status where it belongs. setImmediate runs after the SDK's
      // promise callbacks, so the order handlers see is READY -> ERROR. Never FATAL here, even for
      // a rejected key: the SDK stops asking a FATAL provider, and overrides must keep answering.
      const store = this.store;
      setImmediate(() => {
        if (store && this.store === store && (store.health === 'error' || store.health === 'fatal')) {
          this.events.emit(ProviderEvents.Error, { errorCode: result.errorCode as never, message: result.message });
        }
      });
    }
  }

  /**
   * Does the deferred work now (for lazy providers) and resolves when the first document is
   * served or the bounded load gave up. Idempotent; concurrent callers share one start.
   */
  start(): Promise<StartResult | undefined> {
    if (this.disabled) return Promise.resolve(undefined);
    if (!this.starting) {
      this.starting = this.doStart();
    }
    return this.starting;
  }

  private async doStart(): Promise<StartResult | undefined> {
    const o = this.options;
    const env = o.env;
    const loaded = loadOverrides({
      options: o.overrides,
      envText: env[`${o.envPrefix}_OVERRIDES`],
      envName: `${o.envPrefix}_OVERRIDES`,
      file: o.overridesFile,
    });
    this.overrides = loaded.overrides;
    for (const problem of loaded.problems) o.logger.warn(`${problem}; these overrides are ignored`);
    const useCache = o.cache ?? this.source.remote;
    const store = new FlagStore({
      source: this.source,
      cache: useCache ? new DocumentCache(o.cacheDir, this.source.kind, this.source.cacheKey) : undefined,
      ttlMs: o.ttlMs,
      initTimeoutMs: o.initTimeoutMs,
      // Never longer than the TTL: a document past its TTL must have been re-checked, or its
      // values could not honestly be reported fresh.
      pollIntervalMs: Math.min(o.pollIntervalMs ?? this.source.pollIntervalMs ?? o.ttlMs, o.ttlMs),
      debounceMs: o.debounceMs,
      backoff: o.backoff,
      logger: o.logger,
      now: o.now,
    });
    this.store = store;
    store.on((event) => this.forward(event));
    const result = await store.start();
    this.lazyPending = false;
    return result;
  }

  private async lazyStart(): Promise<void> {
    const wasPending = this.lazyPending;
    const result = await this.start();
    // A lazy provider's READY came long ago; a start that found nothing is announced now.
    if (wasPending && result?.served === 'none' && this.store?.health !== 'ok') {
      this.events.emit(ProviderEvents.Error, { errorCode: result.errorCode as never, message: result.message });
    }
  }

  /**
   * Stops timers, watchers and requests; reverts to uninitialised (spec 2.5.2). Idempotent.
   * Drains the exposure queue within `exposure.closeTimeoutMs`; `exposure.stats` says what was lost.
   */
  async onClose(): Promise<void> {
    const exposureClosed = this.exposure?.close();
    const store = this.store;
    const starting = this.starting;
    this.store = undefined;
    this.starting = undefined;
    this.lazyPending = false;
    // Close first (aborts a load in flight), then let a racing start finish against a closed store.
    await store?.close();
    await starting?.catch(() => undefined);
    await exposureClosed;
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<Details<boolean>> {
    return this.answer(flagKey, 'boolean', defaultValue, context);
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext): Promise<Details<string>> {
    return this.answer(flagKey, 'string', defaultValue, context);
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext): Promise<Details<number>> {
    return this.answer(flagKey, 'number', defaultValue, context);
  }

  resolveObjectEvaluation<T extends OpenFeatureJsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<Details<T>> {
    return this.answer(flagKey, 'object', defaultValue, context);
  }

  /**
   * `client.track(...)`: captures the event with the flags this unit was exposed to (`exposure`
   * option), and forwards to the `track` option. Never throws, never awaits.
   */
  track(eventName: string, context: EvaluationContext, details: TrackingEventDetails): void {
    if (this.disabled) return;
    this.exposure?.track(eventName, this.withTargetingKey(context), details);
    if (!this.options.track) return;
    try {
      this.options.track(eventName, this.withTargetingKey(context), details);
    } catch (error) {
      this.options.logger.warn(`track handler threw for ${eventName}: ${(error as Error).message}`);
    }
  }

  /**
   * Synchronous evaluation against what is held now, without hooks or SDK: the seam for a shadow
   * comparison or a benchmark. Same answer as through a client, never throws, no I/O (a lazy
   * provider that has not started answers with the code's default and PROVIDER_NOT_READY).
   */
  evaluate<T extends FlagValue>(flagKey: string, type: FlagType, defaultValue: T, context: EvaluationContext = {}): Details<T> {
    try {
      if (this.disabled) return { value: defaultValue, reason: 'DISABLED', flagMetadata: EMPTY_METADATA };
      const override = this.overrides.get(flagKey);
      if (override !== undefined) return overrideDetails(flagKey, type, defaultValue, override);
      const store = this.store;
      const snapshot = store?.snapshot;
      if (store === undefined || snapshot === undefined) return this.noDefinitions(defaultValue, store);
      const details = toResolutionDetails(
        evaluate(snapshot.document, flagKey, type, defaultValue, this.withTargetingKey(context)),
      ) as Details<T>;
      if (store.freshness === 'live' || details.errorCode) return details;
      // Served from the disk cache: same value, the reason says how much to trust it, the engine's
      // own reason moves to metadata. No error code: OpenFeature would discard the value.
      return {
        ...details,
        reason: store.freshness === 'stale' ? 'STALE' : 'CACHED',
        flagMetadata: { ...details.flagMetadata, 'rollgate.reason': details.reason ?? 'UNKNOWN' },
      };
    } catch (error) {
      return {
        value: defaultValue,
        reason: 'ERROR',
        errorCode: 'GENERAL' as never,
        errorMessage: `rollgate: evaluation of ${flagKey} failed: ${(error as Error).message}`,
        flagMetadata: EMPTY_METADATA,
      };
    }
  }

  /** Loads from the source now (joins a load in flight). */
  async refresh(): Promise<void> {
    if (this.lazyPending) await this.lazyStart();
    await this.store?.refresh();
  }

  /**
   * Resolves when no load, debounced reload or cache write is pending: lets a test await a
   * background refresh deterministically.
   */
  async whenIdle(): Promise<void> {
    await this.starting;
    await this.store?.whenIdle();
  }

  /**
   * The distinct id an evaluation with this context is attributed to: the targeting key, else the
   * id a remote source evaluated for (posthog-remote's `distinctId`), else the install id when
   * opted in (`installIdAsTargetingKey`).
   */
  distinctId(context: EvaluationContext): string | undefined {
    if (!context.targetingKey && this.source.evaluatedFor !== undefined) return this.source.evaluatedFor;
    return this.withTargetingKey(context).targetingKey;
  }

  /** The install id this provider uses (reads or creates it on first call). */
  installId(): string {
    if (this.installIdValue === undefined) {
      const spec = this.options.installId;
      this.installIdValue = typeof spec === 'string' ? spec : getInstallId(spec).id;
    }
    return this.installIdValue;
  }

  /** The last applied changes (newest last), each with flags added/removed/changed and hashes. */
  get changeLog(): readonly ChangeRecord[] {
    return this.store?.changeLog ?? [];
  }

  get state(): ProviderState {
    const store = this.store;
    return {
      disabled: this.disabled,
      started: store !== undefined,
      sourceId: this.source.id,
      hash: store?.snapshot?.hash,
      freshness: store?.snapshot ? store.freshness : undefined,
      health: store?.health,
      fetchedAt: store?.snapshot?.fetchedAt,
      stats: store ? { ...store.stats } : undefined,
      overrides: this.overrides.size,
    };
  }

  private answer<T extends FlagValue>(flagKey: string, type: FlagType, defaultValue: T, context: EvaluationContext): Promise<Details<T>> {
    if (this.lazyPending) {
      // A start that somehow rejected still answers (with the code's default): never throw into the app.
      const evaluateNow = (): Details<T> => this.evaluate(flagKey, type, defaultValue, context);
      return this.lazyStart().then(evaluateNow, evaluateNow);
    }
    return Promise.resolve(this.evaluate(flagKey, type, defaultValue, context));
  }

  /** The compiled type of `flagKey` when the definitions held now are PostHog's, else undefined. */
  private posthogFlagType(flagKey: string): FlagType | undefined {
    const document = this.store?.snapshot?.document;
    return document?.dialect === 'posthog' ? document.flags.get(flagKey)?.type : undefined;
  }

  private withTargetingKey(context: EvaluationContext): EvaluationContext {
    if (!this.options.installIdAsTargetingKey || context.targetingKey) return context;
    return { ...context, targetingKey: this.installId() };
  }

  private noDefinitions<T>(defaultValue: T, store: FlagStore | undefined): Details<T> {
    if (store === undefined) {
      return {
        value: defaultValue,
        reason: 'ERROR',
        errorCode: 'PROVIDER_NOT_READY' as never,
        errorMessage: 'rollgate: provider not started',
        flagMetadata: EMPTY_METADATA,
      };
    }
    return {
      value: defaultValue,
      reason: 'ERROR',
      errorCode: 'GENERAL' as never,
      errorMessage: `rollgate: no definitions from ${this.source.id} (${store.stats.lastFailure ?? 'not loaded yet'}); the code's default is served`,
      flagMetadata: EMPTY_METADATA,
    };
  }

  private forward(event: StoreEvent): void {
    switch (event.type) {
      case 'changed':
        this.events.emit(ProviderEvents.ConfigurationChanged, {
          flagsChanged: [...event.added, ...event.removed, ...event.changed],
          message: `definitions changed (${event.sourceId})`,
          metadata: { hash: event.hash, previousHash: event.previousHash ?? '', source: event.sourceId },
        });
        return;
      case 'stale':
        this.events.emit(ProviderEvents.Stale, { message: event.message });
        return;
      case 'error':
        this.events.emit(ProviderEvents.Error, { errorCode: event.errorCode as never, message: event.message });
        return;
      case 'fatal':
        // ERROR, not PROVIDER_FATAL: the SDK answers a FATAL provider's evaluations itself, with
        // the code's defaults, which would silence the overrides (a user's explicit choice) and the
        // last good document that this provider keeps serving. Polling has stopped (the message
        // says so); a new key needs a new provider.
        this.events.emit(ProviderEvents.Error, { errorCode: 'GENERAL' as never, message: event.message });
        return;
      case 'recovered':
        this.events.emit(ProviderEvents.Ready, { message: event.message });
        return;
    }
  }
}
