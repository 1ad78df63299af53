// Every provider option, documented where declared with its default, resolved in one place.
import { join } from 'node:path';
import type { EvaluationContext, Hook, Logger, TrackingEventDetails } from '@openfeature/server-sdk';
import type { JsonValue } from '@rollgate/core';
import { cacheDir, type Env } from './config-dirs.js';
import { InvalidOptionsError } from './errors/invalid-options-error.js';
import type { InstallIdOptions } from './install-id.js';
import { defaultLogger, safeLogger } from './logger.js';
import type { DefinitionSource } from './sources/definition-source.js';
import type { SourceSpec } from './sources/source-registry.js';
import type { BackoffOptions } from './store/backoff.js';
import type { ExposureOptions } from './exposure/exposure-options.js';

/**
 * Receives `client.track(...)` calls (the seam for exposure/tracking sinks). Called synchronously
 * on the caller's path: enqueue and return; never await network work here. Errors are caught.
 * `context` already carries the install id as `targetingKey` when `installIdAsTargetingKey` is on.
 */
export type TrackHandler = (eventName: string, context: EvaluationContext, details: TrackingEventDetails) => void;

export interface RollgateProviderOptions {
  /**
   * Where definitions come from (required): a file path, an `http(s)://` URL, a spec
   * `{ kind: 'http', url, headers, requestTimeoutMs, maxBytes }` / `{ kind: 'file', path, pollIntervalMs }`
   * (or any kind added with `registerSourceKind`), or a `DefinitionSource` object.
   */
  source: DefinitionSource | SourceSpec | string | URL;
  /** The app's name: names the cache and config directories (`~/.cache/<app>`, `~/.config/<app>`). Default `rollgate`. */
  appName?: string;
  /** Keep the last good document on disk. Default: on for network sources, off for files. */
  cache?: boolean;
  /** Directory of the disk cache. Default `$XDG_CACHE_HOME/<app>/definitions` (else `~/.cache/<app>/definitions`). */
  cacheDir?: string;
  /**
   * How long a document counts as fresh after the source last confirmed it, in ms. A fresh disk
   * cache means no network at startup; past it, values are reported STALE until a refresh
   * succeeds. Default 3600000 (1 hour).
   */
  ttlMs?: number;
  /**
   * How often a running process re-checks the source, in ms (capped at `ttlMs`). Default: the
   * source's own interval (the file source stats every 2 s), else `ttlMs`. Servers wanting changes
   * within a minute set 30000.
   */
  pollIntervalMs?: number;
  /** Bound on the first load when there is no usable cache, in ms; then the code's defaults. Default 1500. */
  initTimeoutMs?: number;
  /** File-change notifications within this many ms collapse into one reload. Default 50. */
  debounceMs?: number;
  /** Retry delays after failures (exponential with jitter; Retry-After wins). Defaults: 1 s doubling to 5 min. */
  backoff?: BackoffOptions;
  /**
   * When the first load yields nothing (no cache, source down): `true` makes `initialize` succeed
   * anyway (READY, then PROVIDER_ERROR with the cause; evaluations return the code's defaults), so
   * `setProviderAndWait` never throws in an app because a flag server is down. `false` makes
   * `initialize` reject (spec 2.4.2.1), with PROVIDER_FATAL for 401/403. Default true. (After
   * initialisation a 401/403 stops polling but reports PROVIDER_ERROR, never FATAL: the SDK stops
   * asking a FATAL provider, and overrides and the last good document must keep answering.)
   */
  failOpen?: boolean;
  /**
   * Defer all work (cache read, network, timers, file watch, overrides file) to the first
   * evaluation or an explicit `provider.start()`: `initialize` then resolves at once. For CLIs,
   * where most commands read no flag and must pay nothing. Default false.
   */
  lazy?: boolean;
  /**
   * Values that beat definitions: flag key -> value (e.g. from a command-line option). Highest
   * precedence. An undefined value is no override (`{ 'fast-provision': argv.provisioning }` when the
   * option was not given).
   */
  overrides?: Readonly<Record<string, JsonValue | undefined>>;
  /** A JSON file of overrides `{ "flag-key": value }`, read at start. Lowest precedence. */
  overridesFile?: string;
  /** The environment read for `<prefix>_DISABLED` and `<prefix>_OVERRIDES`. Default `process.env`. */
  env?: Env;
  /** Prefix of the environment variables. Default `ROLLGATE` (`ROLLGATE_DISABLED`, `ROLLGATE_OVERRIDES`). */
  envPrefix?: string;
  /** Use the install id as `targetingKey` when a context has none. Default false (opt-in). */
  installIdAsTargetingKey?: boolean;
  /** Where the install id lives (or the id itself, when the app already has one). Default: `{ appName }`. */
  installId?: InstallIdOptions | string;
  /** Provider hooks (spec 2.3.1), e.g. an exposure hook. Default none. */
  hooks?: Hook[];
  /** Receives `client.track` calls. Default: none (tracking is a no-op). */
  track?: TrackHandler;
  /**
   * Exposure events and the tracking API: `{ sink: { kind: 'posthog', apiKey, host } }` or
   * `{ sink: { kind: 'file', path } }` (see `ExposureOptions`). The provider then registers the
   * exposure hook, sends `client.track` events with the flags each unit saw, and drains on close.
   * Default: none (no exposure records, no sink opened).
   */
  exposure?: ExposureOptions;
  /** Where warnings, errors and the change log go. Default: warn/error to stderr, info/debug dropped. */
  logger?: Logger;
  /** Clock in epoch ms (tests). Default `Date.now`. */
  now?: () => number;
}

/** Options after defaults, validated. */
export interface ResolvedOptions {
  source: RollgateProviderOptions['source'];
  appName: string;
  cache: boolean | undefined;
  cacheDir: string;
  ttlMs: number;
  pollIntervalMs: number | undefined;
  initTimeoutMs: number;
  debounceMs: number;
  backoff: BackoffOptions;
  failOpen: boolean;
  lazy: boolean;
  overrides: Readonly<Record<string, JsonValue | undefined>> | undefined;
  overridesFile: string | undefined;
  env: Env;
  envPrefix: string;
  installIdAsTargetingKey: boolean;
  installId: InstallIdOptions | string;
  hooks: Hook[];
  track: TrackHandler | undefined;
  exposure: ExposureOptions | undefined;
  logger: Logger;
  now: () => number;
}

/** Applies defaults and checks ranges; throws `InvalidOptionsError` naming the option. */
export function resolveOptions(options: RollgateProviderOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionsError('options', 'must be an object');
  if (options.source === undefined || options.source === null || options.source === '') {
    throw new InvalidOptionsError('source', 'is required (a file path, a URL or a DefinitionSource)');
  }
  const appName = options.appName ?? 'rollgate';
  if (!/^[A-Za-z0-9._-]+$/.test(appName)) throw new InvalidOptionsError('appName', `${JSON.stringify(appName)} is not a safe directory name`);
  const env = options.env ?? process.env;
  const overrides = options.overrides;
  if (overrides !== undefined && (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides))) {
    throw new InvalidOptionsError('overrides', 'must be an object mapping flag keys to values');
  }
  return {
    source: options.source,
    appName,
    cache: options.cache,
    cacheDir: options.cacheDir ?? join(cacheDir(appName, env), 'definitions'),
    ttlMs: positive('ttlMs', options.ttlMs ?? 3_600_000),
    pollIntervalMs: options.pollIntervalMs === undefined ? undefined : positive('pollIntervalMs', options.pollIntervalMs),
    initTimeoutMs: positive('initTimeoutMs', options.initTimeoutMs ?? 1500),
    debounceMs: nonNegative('debounceMs', options.debounceMs ?? 50),
    backoff: options.backoff ?? {},
    failOpen: options.failOpen ?? true,
    lazy: options.lazy ?? false,
    overrides,
    overridesFile: options.overridesFile,
    env,
    envPrefix: options.envPrefix ?? 'ROLLGATE',
    installIdAsTargetingKey: options.installIdAsTargetingKey ?? false,
    installId: options.installId ?? { appName, env },
    hooks: options.hooks ?? [],
    track: options.track,
    exposure: options.exposure,
    logger: safeLogger(options.logger ?? defaultLogger),
    now: options.now ?? Date.now,
  };
}

function positive(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionsError(name, `must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidOptionsError(name, `must be zero or a positive number, got ${String(value)}`);
  }
  return value;
}
