// Every option of the web provider, documented with its default, and resolved in one place.
import type { EvaluationContext, FlagdExtension } from '@rollgate/core';
import { defaultLocalStorage, type KeyValueStorage } from './cache/key-value-storage.js';
import type { Bootstrap } from './definitions/bootstrap.js';
import type { Dialect } from './definitions/dialect.js';
import { validateBootstrap } from './definitions/validate-bootstrap.js';
import { InvalidOptionsError } from './errors/invalid-options-error.js';
import type { RollgateWebError } from './errors/rollgate-web-error.js';
import type { CaptureCallback } from './exposure/exposure-hook.js';

export interface RollgateWebCacheOptions {
  /** Where the document persists. Default: `window.localStorage` when reachable, else no cache. */
  storage?: KeyValueStorage | (() => KeyValueStorage | undefined);
  /** Storage key. Default: `rollgate:definitions:<url>` (or `:inline` without a URL). */
  key?: string;
  /**
   * How long a cached document counts as fresh: within it the page does not fetch at all.
   * Default 60 000 ms. `0` always revalidates (in the background, serving the cache meanwhile).
   */
  ttlMs?: number;
  /**
   * How long past its TTL a cached document may still serve the first paint while a background
   * refresh runs (stale-while-revalidate). Older than this, initialisation waits for the URL
   * (bounded by `fetchTimeoutMs`) and falls back to the old document only if the fetch fails.
   * Default 7 days.
   */
  maxStaleMs?: number;
}

export interface RollgateWebProviderOptions {
  /** Definitions URL (JSON, in the dialect's format), fetched with If-None-Match. Default: none. */
  url?: string;
  /**
   * Inline definitions or precomputed values from a server render: the first paint needs no
   * network. May be the result of `readBootstrap(document)`; a malformed bootstrap is reported
   * through `onError` and skipped. Default: none.
   */
  bootstrap?: Bootstrap | unknown;
  /**
   * Definitions format. Default: the entry point's (flagd for `RollgateWebProvider`, PostHog's for
   * `PosthogWebProvider` from `@rollgate/openfeature-web/posthog`).
   */
  dialect?: Dialect;
  /**
   * Extensions of the flagd format to accept. Default none: a document whose flags use `rollout`
   * or `requires` is rejected (reported through `onError` with the flag's JSON path; the last
   * good definitions keep serving). `[rolloutExtension]` from `@rollgate/openfeature-web/rollout`
   * accepts them (about 4.6 kB more, gzipped). flagd definitions only: another dialect with
   * extensions is an `InvalidOptionsError`.
   */
  extensions?: readonly FlagdExtension[];
  /** Abort a definitions fetch after this many ms (headers and body). Default 1500. */
  fetchTimeoutMs?: number;
  /** Extra request headers for the definitions URL (e.g. an API key). Default none. */
  headers?: Record<string, string>;
  /** Fetch credentials mode for the definitions URL. Default: the browser's (`same-origin`). */
  credentials?: RequestCredentials;
  /** Revalidate the URL every this many ms while the page is open; 0 = only at start. Default 0. */
  pollIntervalMs?: number;
  /** Persist definitions between page loads; `false` disables. Default: localStorage, see above. */
  cache?: RollgateWebCacheOptions | false;
  /**
   * Exposure sink, e.g. `(event, properties) => posthog.capture(event, properties)`. Receives
   * `$feature_flag_called` once per (flag, variant, distinct id) per page, except for reads made
   * with the hook hint `{ exposure: false }`. Default: none (no exposure hook is installed).
   */
  capture?: CaptureCallback;
  /** Distinct id for exposures. Default: the context's `targetingKey`, else `''`. */
  distinctId?: (context: Readonly<EvaluationContext>) => string | undefined;
  /**
   * Exposures the dedup remembers: always this many most recent ones, at most twice as many (an
   * O(1) two-generation LRU, `LruSet` from @rollgate/core). Default 10 000.
   */
  exposureDedupCapacity?: number;
  /** Non-fatal problems (fetch, cache, bad documents, a throwing capture). Default `console.warn`. */
  onError?: (error: RollgateWebError) => void;
  /** Clock in epoch ms (cache freshness, `$flagd.timestamp`). Default `Date.now`. */
  now?: () => number;
  /** The fetch implementation. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
}

export interface ResolvedOptions {
  url: string | undefined;
  bootstrap: Bootstrap | undefined;
  bootstrapError: string | undefined;
  dialect: Dialect;
  extensions: readonly FlagdExtension[];
  fetchTimeoutMs: number;
  headers: Readonly<Record<string, string>>;
  credentials: RequestCredentials | undefined;
  pollIntervalMs: number;
  cache: { storage: () => KeyValueStorage | undefined; key: string; ttlMs: number; maxStaleMs: number } | undefined;
  capture: CaptureCallback | undefined;
  distinctId: (context: Readonly<EvaluationContext>) => string;
  exposureDedupCapacity: number;
  onError: (error: RollgateWebError) => void;
  now: () => number;
  fetch: typeof globalThis.fetch | undefined;
}

const DAY_MS = 86_400_000;

/** Applies the defaults; throws `InvalidOptionsError` naming the option for a wrong type or value. */
export function resolveOptions(options: RollgateWebProviderOptions, defaultDialect: Dialect): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionsError('options', 'expected an object');
  const url = options.url;
  if (url !== undefined && (typeof url !== 'string' || url === '')) throw new InvalidOptionsError('url', 'expected a non-empty string');
  let bootstrap: Bootstrap | undefined;
  let bootstrapError: string | undefined;
  if (options.bootstrap !== undefined && options.bootstrap !== null) {
    const checked = validateBootstrap(options.bootstrap);
    if (checked.ok) bootstrap = checked.value;
    else bootstrapError = checked.error;
  }
  if (url === undefined && options.bootstrap === undefined) {
    throw new InvalidOptionsError('url', 'give a definitions `url`, a `bootstrap`, or both');
  }
  const cacheOptions = options.cache ?? {};
  let cache: ResolvedOptions['cache'];
  if (cacheOptions !== false) {
    const storage = cacheOptions.storage;
    cache = {
      storage: typeof storage === 'function' ? storage : storage !== undefined ? () => storage : defaultLocalStorage,
      key: cacheOptions.key ?? `rollgate:definitions:${url ?? 'inline'}`,
      ttlMs: nonNegative('cache.ttlMs', cacheOptions.ttlMs, 60_000),
      maxStaleMs: nonNegative('cache.maxStaleMs', cacheOptions.maxStaleMs, 7 * DAY_MS),
    };
  }
  if (options.capture !== undefined && typeof options.capture !== 'function') throw new InvalidOptionsError('capture', 'expected a function');
  const dialect = options.dialect ?? defaultDialect;
  const extensions = options.extensions ?? [];
  if (!Array.isArray(extensions) || extensions.some((e) => typeof e !== 'object' || e === null)) {
    throw new InvalidOptionsError('extensions', 'expected an array of extensions, e.g. [rolloutExtension]');
  }
  if (extensions.length > 0 && dialect.name !== 'flagd') {
    throw new InvalidOptionsError('extensions', `extensions apply to flagd definitions, not to the ${dialect.name} dialect`);
  }
  const distinctId = options.distinctId;
  return {
    url,
    bootstrap,
    bootstrapError,
    dialect,
    extensions,
    fetchTimeoutMs: positive('fetchTimeoutMs', options.fetchTimeoutMs, 1500),
    headers: options.headers ?? {},
    credentials: options.credentials,
    pollIntervalMs: nonNegative('pollIntervalMs', options.pollIntervalMs, 0),
    cache,
    capture: options.capture,
    distinctId: (context) => (distinctId !== undefined ? distinctId(context) : context.targetingKey) ?? '',
    exposureDedupCapacity: positive('exposureDedupCapacity', options.exposureDedupCapacity, 10_000),
    onError: options.onError ?? ((error) => console.warn(error.message)),
    now: options.now ?? Date.now,
    fetch: options.fetch ?? (typeof globalThis.fetch === 'function' ? globalThis.fetch.bind(globalThis) : undefined),
  };
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new InvalidOptionsError(name, `expected a finite number >= 0, got ${String(value)}`);
  return value;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new InvalidOptionsError(name, `expected a finite number > 0, got ${String(value)}`);
  return value;
}
