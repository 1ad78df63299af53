// An OpenFeature server provider over two sources: one answers, the other is compared off the hot path.
import {
  OpenFeatureEventEmitter,
  ProviderEvents,
  type EvaluationContext,
  type EventDetails,
  type Hook,
  type JsonValue as OpenFeatureJsonValue,
  type Logger,
  type Provider,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import type { FlagType, FlagValue } from '@rollgate/core';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { RollgateProvider } from '../provider/rollgate-provider.js';
import { askProvider, providerSourceId } from './ask-provider.js';
import { ComparisonLog } from './comparison-log.js';
import { resolveShadowMode, SHADOW_MODES, type ModeOrigin, type ShadowMode } from './shadow-mode.js';
import { resolveShadowOptions, type ResolvedShadowOptions, type ShadowProviderOptions } from './shadow-options.js';
import { ShadowRunner } from './shadow-runner.js';
import { ShadowSampler } from './shadow-sampler.js';
import type { ShadowStats } from './shadow-stats.js';

/** What is in force now (for health endpoints, logs and tests). */
export interface ShadowState {
  readonly mode: ShadowMode;
  readonly origin: ModeOrigin;
  /** The master kill switch is on: code defaults, reason DISABLED, nothing compared. */
  readonly disabled: boolean;
  /** The source the app's answers come from. */
  readonly answering: string;
  /** The source compared off the hot path, if any. */
  readonly comparing: string | undefined;
  /** A switch asked for a side still initialising: the previous side answers until it is ready. */
  readonly pendingSwitch: boolean;
  /**
   * A switch asked for a side whose initialisation failed: why it was not made (the previous side
   * keeps answering; the switch is made if that side reports READY later). Undefined otherwise.
   */
  readonly switchRefused: string | undefined;
}

interface Current {
  readonly disabled: boolean;
  readonly mode: ShadowMode;
  readonly origin: ModeOrigin;
  readonly answering: Provider;
  readonly asked: Provider | undefined;
  readonly pendingSwitch: boolean;
  readonly switchRefused: string | undefined;
}

/** One side's initialisation: `failed` is its error's message once it has rejected (cleared by a later READY). */
interface Initialisation {
  settled: boolean;
  failed: string | undefined;
  promise: Promise<void>;
}

const FORWARDED = [ProviderEvents.Ready, ProviderEvents.Error, ProviderEvents.Stale, ProviderEvents.ConfigurationChanged] as const;
const EMPTY_METADATA = Object.freeze({});

/**
 * Register this instead of the primary provider. Modes (`primary`, `shadow`, `route`; see
 * `resolveShadowMode` for the switches and their precedence) change at run time through `setMode`
 * or `reloadMode` (re-reads the environment; also on `reloadSignal`), never needing a restart.
 *
 * The app's answer is the answering provider's own promise, returned as is: the compared side is
 * queued (O(1), sampled by a hash of flag + key) and asked on a later turn of the event loop, with a
 * timeout, so a compared side that throws, hangs or takes 5 s changes nothing the app sees. Provider
 * hooks (the exposure hook) are the answering provider's only, and the compared side is called
 * directly, not through the SDK: its evaluations never reach an exposure hook or the app's events.
 */
export class ShadowProvider implements Provider {
  readonly metadata = { name: 'rollgate-shadow' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();

  private readonly options: ResolvedShadowOptions;
  private readonly sampler: ShadowSampler;
  private readonly runner: ShadowRunner;
  private readonly log: ComparisonLog | undefined;
  private readonly sourceIds: Map<Provider, string>;
  private readonly initialising = new Map<Provider, Initialisation>();
  private readonly warned = new Set<string>();
  /** Sides whose `evaluate()` is their resolvers' answer (started RollgateProviders). */
  private readonly synchronous = new Set<Provider>();
  private readonly forwarders: { provider: Provider; type: ProviderEvents; handler: (details?: EventDetails) => void }[] = [];
  private current: Current;
  private override: ShadowMode | undefined;
  private initialised = false;
  private closed = false;
  private signalHandler: (() => void) | undefined;

  constructor(options: ShadowProviderOptions) {
    const o = (this.options = resolveShadowOptions(options));
    this.sampler = new ShadowSampler(o.sampleRate, o.sampleSeed);
    this.log = o.log === undefined ? undefined : new ComparisonLog(o.log, o.logger);
    this.runner = new ShadowRunner({
      timeoutMs: o.timeoutMs,
      queueCapacity: o.queueCapacity,
      maxInFlight: o.maxInFlight,
      breaker: o.breaker,
      now: o.now,
      synchronous: (provider) => this.synchronous.has(provider),
      compareVariants: o.compareVariants,
      fields: { salt: o.salt, attributes: o.attributes, hashedAttributes: o.hashedAttributes },
      log: this.log,
      onComparison: o.onComparison,
      logger: o.logger,
    });
    this.sourceIds = new Map([
      [o.primary, providerSourceId(o.primary)],
      [o.candidate, providerSourceId(o.candidate)],
    ]);
    this.current = { disabled: false, mode: 'primary', origin: 'default', answering: o.primary, asked: undefined, pendingSwitch: false, switchRefused: undefined };
    this.apply(false);
    for (const provider of [o.primary, o.candidate]) {
      const emitter = provider.events;
      if (emitter === undefined) continue;
      for (const type of FORWARDED) {
        // Only the answering side's events reach the app: a compared side going down is not the app's problem.
        const handler = (details?: EventDetails): void => {
          if (this.closed) return;
          if (this.current.answering === provider) this.events.emit(type, stripProviderName(details));
          const entry = this.initialising.get(provider);
          if (type === ProviderEvents.Ready && entry?.failed !== undefined) {
            // It failed to start and has recovered since: a switch refused because of it is made now.
            entry.failed = undefined;
            if (this.current.switchRefused !== undefined) this.apply(true);
          }
        };
        emitter.addHandler(type, handler);
        this.forwarders.push({ provider, type, handler });
      }
    }
    if (o.reloadSignal !== undefined) {
      this.signalHandler = () => void this.reloadMode();
      process.on(o.reloadSignal, this.signalHandler);
    }
  }

  /** The answering provider's hooks (e.g. its exposure hook); read by the SDK on every evaluation. */
  get hooks(): Hook[] {
    return this.current.answering.hooks ?? [];
  }

  /**
   * Initialises the side that answers (awaited: READY means the app's answers are ready) and the
   * compared side in the background (never awaited: a compared side that is down delays nothing).
   * With the master switch on, nothing is initialised.
   */
  async initialize(context?: EvaluationContext): Promise<void> {
    this.initialised = true;
    this.initContext = context;
    this.apply(false);
    const { answering, asked, disabled } = this.current;
    if (disabled) return;
    if (asked !== undefined) void this.ensureInitialised(asked);
    await this.ensureInitialised(answering, true);
  }

  private initContext: EvaluationContext | undefined;

  /**
   * Stops comparisons (waiting up to `closeTimeoutMs`), flushes the log, closes both sides.
   * The candidate's close is waited for up to `closeTimeoutMs` too (a candidate whose source is down
   * may never finish closing; shutting the app down must not wait for it): past that it is logged
   * and no longer waited for. The primary's close is awaited. Idempotent.
   */
  async onClose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.signalHandler !== undefined && this.options.reloadSignal !== undefined) process.off(this.options.reloadSignal, this.signalHandler);
    for (const { provider, type, handler } of this.forwarders) provider.events?.removeHandler(type, handler);
    await this.runner.close(this.options.closeTimeoutMs);
    await this.log?.close(this.options.closeTimeoutMs);
    await Promise.all(
      [...this.initialising.keys()].map(async (provider) => {
        const closing = (async () => {
          try {
            await provider.onClose?.();
          } catch (error) {
            this.options.logger.warn(`shadow: closing ${this.sourceIds.get(provider)} failed: ${(error as Error).message}`);
          }
        })();
        if (provider !== this.options.candidate) return closing;
        const timeoutMs = this.options.closeTimeoutMs;
        let timer: NodeJS.Timeout | undefined;
        const abandoned = await Promise.race([
          closing.then(() => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(true), timeoutMs);
          }),
        ]);
        clearTimeout(timer);
        if (abandoned) {
          this.options.logger.warn(`shadow: closing ${this.sourceIds.get(provider)} did not finish within closeTimeoutMs (${timeoutMs} ms): no longer waited for`);
        }
        return undefined;
      }),
    );
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext, logger: Logger): Promise<ResolutionDetails<boolean>> {
    return this.resolve('boolean', flagKey, defaultValue, context, logger) as Promise<ResolutionDetails<boolean>>;
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext, logger: Logger): Promise<ResolutionDetails<string>> {
    return this.resolve('string', flagKey, defaultValue, context, logger) as Promise<ResolutionDetails<string>>;
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext, logger: Logger): Promise<ResolutionDetails<number>> {
    return this.resolve('number', flagKey, defaultValue, context, logger) as Promise<ResolutionDetails<number>>;
  }

  resolveObjectEvaluation<T extends OpenFeatureJsonValue>(flagKey: string, defaultValue: T, context: EvaluationContext, logger: Logger): Promise<ResolutionDetails<T>> {
    return this.resolve('object', flagKey, defaultValue, context, logger) as Promise<ResolutionDetails<T>>;
  }

  /** `client.track(...)` goes to the answering provider only. */
  track(eventName: string, context: EvaluationContext, details: TrackingEventDetails): void {
    const { answering, disabled } = this.current;
    if (disabled) return;
    answering.track?.(eventName, context, details);
  }

  /**
   * Sets the mode at run time (beats the environment and the `mode` option; the master kill switch
   * still beats it). `undefined` clears it. Returns the state now in force.
   */
  setMode(mode: ShadowMode | undefined): ShadowState {
    if (mode !== undefined && !(SHADOW_MODES as readonly string[]).includes(mode)) {
      throw new InvalidOptionsError('mode', `must be one of ${SHADOW_MODES.join(', ')} (got ${JSON.stringify(mode)})`);
    }
    this.override = mode;
    this.apply(true);
    return this.state;
  }

  /** Re-reads the environment (the documented trigger; also bound to `reloadSignal`). Returns the state now in force. */
  reloadMode(): ShadowState {
    this.apply(true);
    return this.state;
  }

  get state(): ShadowState {
    const c = this.current;
    return {
      mode: c.mode,
      origin: c.origin,
      disabled: c.disabled,
      answering: this.sourceIds.get(c.answering)!,
      comparing: c.asked === undefined ? undefined : this.sourceIds.get(c.asked),
      pendingSwitch: c.pendingSwitch,
      switchRefused: c.switchRefused,
    };
  }

  /** A copy of the comparison accounting (see `shadowAccountingHolds`). */
  get stats(): ShadowStats {
    const s = this.runner.stats;
    return { ...s, verdicts: { ...s.verdicts }, log: this.log ? { ...this.log.stats } : undefined };
  }

  /** Resolves when both sides' initialisations have settled (the compared side starts in the background). */
  async whenReady(): Promise<void> {
    await Promise.all([...this.initialising.values()].map((entry) => entry.promise.catch(() => undefined)));
  }

  /** Resolves when every comparison queued so far has run and its log line is written. */
  async whenIdle(): Promise<void> {
    await this.runner.whenIdle();
    await this.log?.flush();
  }

  private resolve(type: FlagType, flagKey: string, defaultValue: FlagValue, context: EvaluationContext, logger: Logger): Promise<ResolutionDetails<FlagValue>> {
    const c = this.current;
    if (c.disabled) return Promise.resolve({ value: defaultValue, reason: 'DISABLED', flagMetadata: EMPTY_METADATA });
    if (this.synchronous.has(c.answering)) {
      // A started RollgateProvider's resolvers are exactly Promise.resolve(evaluate(...)): the same
      // answer, and the comparison gets the details without awaiting anything.
      const details = (c.answering as RollgateProvider).evaluate(flagKey, type, defaultValue, context);
      if (c.asked !== undefined) this.offer(c, type, flagKey, defaultValue, context, details);
      return Promise.resolve(details);
    }
    // Called directly and returned as is: the app's answer is exactly the answering provider's.
    const answered = askDirect(c.answering, type, flagKey, defaultValue, context, logger);
    if (c.asked !== undefined) this.offer(c, type, flagKey, defaultValue, context, answered);
    return answered;
  }

  private offer(
    c: Current,
    type: FlagType,
    flagKey: string,
    defaultValue: FlagValue,
    context: EvaluationContext,
    answered: ResolutionDetails<FlagValue> | Promise<ResolutionDetails<FlagValue>>,
  ): void {
    try {
      const stats = this.runner.stats;
      stats.offered += 1;
      const asked = c.asked!;
      const key = context.targetingKey;
      if (!this.sampler.sampled(flagKey, typeof key === 'string' && key !== '' ? key : undefined)) {
        stats.sampledOut += 1;
        return;
      }
      if (this.initialising.get(asked)?.settled !== true) {
        stats.skippedNotReady += 1;
        return;
      }
      // A rejection of `answered` is the app's to see (through the SDK); the comparison handles its own copy.
      this.runner.offer({
        mode: c.mode === 'route' ? 'route' : 'shadow',
        type,
        flagKey,
        defaultValue,
        context,
        time: this.options.now(),
        answered,
        answeredBy: c.answering,
        answeredSource: this.sourceIds.get(c.answering)!,
        asked,
        askedSource: this.sourceIds.get(asked)!,
      });
    } catch (error) {
      // Nothing about a comparison may reach the app's evaluation.
      this.warnOnce(`shadow: a comparison could not be queued: ${(error as Error).message}`);
    }
  }

  /** Recomputes the mode and applies it; `announce` logs the change and emits CONFIGURATION_CHANGED. */
  private apply(announce: boolean): void {
    const o = this.options;
    const resolved = resolveShadowMode({ env: o.env, prefix: o.envPrefix, configured: o.mode, override: this.override });
    for (const problem of resolved.problems) this.warnOnce(`shadow: ${problem}`);
    if (resolved.conflict !== undefined) this.warnOnce(`shadow: ${resolved.conflict}`);
    const previous = this.current;
    let answering = resolved.disabled || resolved.mode !== 'route' ? o.primary : o.candidate;
    let asked = resolved.disabled ? undefined : resolved.mode === 'shadow' ? o.candidate : resolved.mode === 'route' && o.reverseShadow ? o.primary : undefined;
    let pendingSwitch = false;
    let switchRefused: string | undefined;
    if (this.initialised && !resolved.disabled) {
      // After a start under the master switch nothing was initialised: the answering side starts now.
      if (!this.initialising.has(answering) && answering === previous.answering) void this.ensureInitialised(answering);
      if (asked !== undefined) void this.ensureInitialised(asked);
      const failed = answering === previous.answering ? undefined : this.initialising.get(answering)?.failed;
      if (failed !== undefined) {
        // Its initialisation failed: switching would serve errors and the code's defaults. The
        // previous side keeps answering (until that side reports READY, see the event forwarders).
        switchRefused = `${this.sourceIds.get(answering)} failed to initialise (${failed})`;
        o.logger.error(`shadow: mode ${resolved.mode} asked for ${this.sourceIds.get(answering)} to answer, but it failed to initialise (${failed}): not switching, ${this.sourceIds.get(previous.answering)} keeps answering`);
        answering = previous.answering;
        if (asked === answering) asked = undefined;
      } else if (answering !== previous.answering && this.initialising.get(answering)?.settled !== true) {
        // The side asked to answer is not initialised yet: switching now would serve the code's
        // defaults. The previous side keeps answering; the switch happens when the other is ready.
        const target = answering;
        void this.ensureInitialised(target).finally(() => {
          if (!this.closed) this.apply(true);
        });
        answering = previous.answering;
        if (asked === answering) asked = undefined;
        pendingSwitch = true;
      }
    }
    this.current = { disabled: resolved.disabled, mode: resolved.mode, origin: resolved.origin, answering, asked, pendingSwitch, switchRefused };
    if (!announce) return;
    if (previous.answering !== answering || previous.disabled !== resolved.disabled || previous.mode !== resolved.mode || previous.asked !== asked) {
      const s = this.state;
      o.logger.info(
        `shadow: mode ${s.mode} (from ${s.origin})${s.disabled ? ', master switch off: code defaults' : ''}; answering ${s.answering}` +
          `${s.comparing ? `, comparing ${s.comparing}` : ''}${s.pendingSwitch ? ' (switch pending: the other side is still initialising)' : ''}` +
          `${s.switchRefused ? ` (switch refused: ${s.switchRefused})` : ''}`,
      );
    }
    if (previous.answering !== answering || previous.disabled !== resolved.disabled) {
      // The answers may change for every flag: tell the app (no flag list means all of them).
      this.events.emit(ProviderEvents.ConfigurationChanged, { message: `rollgate shadow: now answering from ${this.state.answering}${resolved.disabled ? ' (disabled)' : ''}` });
    }
  }

  private ensureInitialised(provider: Provider, propagate = false): Promise<void> {
    let entry = this.initialising.get(provider);
    if (entry === undefined) {
      const created: Initialisation = { settled: false, failed: undefined, promise: Promise.resolve() };
      created.promise = (async () => {
        try {
          await provider.initialize?.(this.initContext);
          // Started (not lazy, not disabled): its answers can be taken synchronously.
          if (provider instanceof RollgateProvider && provider.state.started) this.synchronous.add(provider);
        } catch (error) {
          created.failed = (error as Error)?.message ?? String(error);
          throw error;
        } finally {
          created.settled = true;
        }
      })();
      entry = created;
      this.initialising.set(provider, entry);
    }
    if (propagate) return entry.promise;
    return entry.promise.catch((error: unknown) => {
      this.warnOnce(`shadow: initialising ${this.sourceIds.get(provider)} failed: ${(error as Error)?.message ?? String(error)}`);
    });
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.options.logger.warn(message);
  }
}

/** The answering side, called directly; a synchronous throw stays synchronous (the SDK catches it as it would without a shadow). */
function askDirect(provider: Provider, type: FlagType, flagKey: string, defaultValue: FlagValue, context: EvaluationContext, logger: Logger): Promise<ResolutionDetails<FlagValue>> {
  switch (type) {
    case 'boolean':
      return provider.resolveBooleanEvaluation(flagKey, defaultValue as boolean, context, logger);
    case 'string':
      return provider.resolveStringEvaluation(flagKey, defaultValue as string, context, logger);
    case 'number':
      return provider.resolveNumberEvaluation(flagKey, defaultValue as number, context, logger);
    default:
      return provider.resolveObjectEvaluation(flagKey, defaultValue as OpenFeatureJsonValue, context, logger);
  }
}

function stripProviderName(details: EventDetails | undefined): EventDetails | undefined {
  if (details === undefined) return undefined;
  // The SDK adds providerName/domain when it re-emits; pass only what the provider said.
  const { providerName: _providerName, domain: _domain, ...rest } = details as EventDetails & { domain?: string };
  void _providerName;
  void _domain;
  return rest as EventDetails;
}

