// Every shadow option, documented where declared with its default, resolved in one place.
import type { Logger, Provider } from '@openfeature/server-sdk';
import type { ComparisonRecord } from '@rollgate/core';
import type { Env } from '../config-dirs.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { defaultLogger, safeLogger } from '../logger.js';
import { SHADOW_MODES, type ShadowMode } from './shadow-mode.js';

export interface ShadowProviderOptions {
  /** The source that answers today (in a migration, the old one): any OpenFeature server provider. Required. */
  primary: Provider;
  /**
   * The source being evaluated (the new one): any OpenFeature server provider. Required. It is never
   * registered with OpenFeature: its events do not reach the app, its hooks (e.g. exposures) never run
   * while it is only compared. Give a RollgateProvider `cache: false` or its own cache directory.
   */
  candidate: Provider;
  /** The mode from configuration (the environment and `setMode` beat it; see `resolveShadowMode`). Default `primary`. */
  mode?: ShadowMode;
  /** In route mode, also compare the primary (reverse shadow), so a rollback is known safe. Default true. */
  reverseShadow?: boolean;
  /** Share of evaluations compared, in [0, 1], sampled by a hash of flag + targeting key. Default 1. */
  sampleRate?: number;
  /** Seed of the sampling hash (and of the generator used for contexts without a key). Default 0. */
  sampleSeed?: number;
  /** The slower side is given up on after this many ms: the comparison is SHADOW_ERROR (timeout). Default 1000. */
  timeoutMs?: number;
  /** Comparisons waiting to run; beyond it new ones are dropped and counted (`stats.droppedQueueFull`). Default 10000. */
  queueCapacity?: number;
  /** Shadow evaluations in flight at once (a hanging shadow holds at most this many). Default 32. */
  maxInFlight?: number;
  /**
   * After `failures` comparisons in a row whose compared side threw or timed out, it is not asked
   * for `cooldownMs` (doubling on each reopening up to `maxCooldownMs`): those comparisons are
   * recorded as SHADOW_ERROR (`circuit-open`) without calling it, so a broken candidate costs next
   * to nothing and still counts against agreement (no bias toward the times it worked). One
   * comparison then probes it; an answer closes the circuit. Defaults 20, 1000, 30000.
   */
  breaker?: { failures?: number; cooldownMs?: number; maxCooldownMs?: number };
  /** Compare variant names as well as values (see `classifyComparison`). Default true. */
  compareVariants?: boolean;
  /**
   * The JSON-lines comparison log: `{ path }` appends one `ComparisonRecord` per line through a
   * bounded queue (`capacity`, default 10000; lines beyond it are dropped and counted). Default: none.
   */
  log?: { path: string; capacity?: number; fsync?: boolean };
  /** Called with every comparison record, off the hot path; errors are caught and counted. Default none. */
  onComparison?: (record: ComparisonRecord) => void;
  /** Log targeting keys as `hmac-sha256:<hex>` with this salt instead of in clear. Default: keys in clear. */
  hashKeysWithSalt?: string;
  /** Context attributes copied into each record, for the separating-attribute report. Default none. */
  attributes?: readonly string[];
  /** Context attributes recorded only as `hmac-sha256:<hex>` (requires `hashKeysWithSalt`). Default none. */
  hashedAttributes?: readonly string[];
  /** The environment read for the switches (`<prefix>_DISABLED`, `_SHADOW_MODE`, `_ROUTE`, `_SHADOW`). Default `process.env`. */
  env?: Env;
  /** Prefix of those variables. Default `ROLLGATE`. */
  envPrefix?: string;
  /** A signal that re-reads the environment (e.g. `SIGHUP`); the handler is removed on close. Default none. */
  reloadSignal?: NodeJS.Signals;
  /**
   * How long `onClose` waits for queued comparisons and log lines, in ms (the rest is counted lost),
   * and then for the candidate's own close (past it, logged and no longer waited for). Default 2000.
   */
  closeTimeoutMs?: number;
  /** Warnings (conflicting switches, slow shadows) and mode changes. Default: warn/error to stderr. */
  logger?: Logger;
  /** Clock in epoch ms (record times, tests). Default `Date.now`. */
  now?: () => number;
}

export interface ResolvedShadowOptions {
  primary: Provider;
  candidate: Provider;
  mode: ShadowMode | undefined;
  reverseShadow: boolean;
  sampleRate: number;
  sampleSeed: number;
  timeoutMs: number;
  queueCapacity: number;
  maxInFlight: number;
  breaker: { failures: number; cooldownMs: number; maxCooldownMs: number };
  compareVariants: boolean;
  log: { path: string; capacity: number; fsync: boolean } | undefined;
  onComparison: ((record: ComparisonRecord) => void) | undefined;
  salt: string | undefined;
  attributes: readonly string[];
  hashedAttributes: readonly string[];
  env: Env;
  envPrefix: string;
  reloadSignal: NodeJS.Signals | undefined;
  closeTimeoutMs: number;
  logger: Logger;
  now: () => number;
}

/** Applies defaults and checks ranges; throws `InvalidOptionsError` naming the option. */
export function resolveShadowOptions(options: ShadowProviderOptions): ResolvedShadowOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionsError('shadow options', 'must be an object');
  for (const side of ['primary', 'candidate'] as const) {
    const p = options[side] as Partial<Provider> | undefined;
    if (p === null || typeof p !== 'object' || typeof p.resolveBooleanEvaluation !== 'function') {
      throw new InvalidOptionsError(side, 'must be an OpenFeature server provider (e.g. a RollgateProvider)');
    }
  }
  if (options.primary === options.candidate) throw new InvalidOptionsError('candidate', 'must be a different provider object from primary');
  if (options.mode !== undefined && !(SHADOW_MODES as readonly string[]).includes(options.mode)) {
    throw new InvalidOptionsError('mode', `must be one of ${SHADOW_MODES.join(', ')} (got ${JSON.stringify(options.mode)})`);
  }
  const sampleRate = options.sampleRate ?? 1;
  if (typeof sampleRate !== 'number' || !(sampleRate >= 0 && sampleRate <= 1)) throw new InvalidOptionsError('sampleRate', `must be a number in [0, 1], got ${String(sampleRate)}`);
  const hashedAttributes = options.hashedAttributes ?? [];
  if (hashedAttributes.length > 0 && !options.hashKeysWithSalt) {
    throw new InvalidOptionsError('hashedAttributes', 'needs hashKeysWithSalt (an unsalted hash of a small domain such as emails is reversible)');
  }
  if (options.hashKeysWithSalt !== undefined && (typeof options.hashKeysWithSalt !== 'string' || options.hashKeysWithSalt.length < 8)) {
    throw new InvalidOptionsError('hashKeysWithSalt', 'must be a string of at least 8 characters');
  }
  const log = options.log;
  if (log !== undefined && (typeof log !== 'object' || typeof log.path !== 'string' || log.path === '')) throw new InvalidOptionsError('log', 'must be { path: string }');
  return {
    primary: options.primary,
    candidate: options.candidate,
    mode: options.mode,
    reverseShadow: options.reverseShadow ?? true,
    sampleRate,
    sampleSeed: integer('sampleSeed', options.sampleSeed ?? 0, 0),
    timeoutMs: positive('timeoutMs', options.timeoutMs ?? 1000),
    queueCapacity: integer('queueCapacity', options.queueCapacity ?? 10_000, 1),
    maxInFlight: integer('maxInFlight', options.maxInFlight ?? 32, 1),
    breaker: {
      failures: integer('breaker.failures', options.breaker?.failures ?? 20, 1),
      cooldownMs: positive('breaker.cooldownMs', options.breaker?.cooldownMs ?? 1000),
      maxCooldownMs: positive('breaker.maxCooldownMs', options.breaker?.maxCooldownMs ?? 30_000),
    },
    compareVariants: options.compareVariants ?? true,
    log: log === undefined ? undefined : { path: log.path, capacity: integer('log.capacity', log.capacity ?? 10_000, 1), fsync: log.fsync ?? false },
    onComparison: options.onComparison,
    salt: options.hashKeysWithSalt,
    attributes: options.attributes ?? [],
    hashedAttributes,
    env: options.env ?? process.env,
    envPrefix: options.envPrefix ?? 'ROLLGATE',
    reloadSignal: options.reloadSignal,
    closeTimeoutMs: positive('closeTimeoutMs', options.closeTimeoutMs ?? 2000),
    logger: safeLogger(options.logger ?? defaultLogger),
    now: options.now ?? Date.now,
  };
}

function positive(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new InvalidOptionsError(name, `must be a positive number, got ${String(value)}`);
  return value;
}

function integer(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new InvalidOptionsError(name, `must be an integer >= ${min}, got ${String(value)}`);
  return value;
}
