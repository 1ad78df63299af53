// Options of the exposure and tracking pipeline, documented where declared, resolved in one place.
import type { Logger } from '@openfeature/server-sdk';
import { randomUUID } from 'node:crypto';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { defaultLogger, safeLogger } from '../logger.js';
import type { BackoffOptions } from '../store/backoff.js';
import type { ExposureSink } from './sinks/exposure-sink.js';
import { JsonlFileSink, type JsonlFileSinkOptions } from './sinks/jsonl-file-sink.js';
import { PosthogSink, type PosthogSinkOptions } from './sinks/posthog-sink.js';

/** A sink object, or the spec of a built-in one. */
export type SinkSpec = ExposureSink | ({ kind: 'posthog' } & PosthogSinkOptions) | ({ kind: 'file' } & JsonlFileSinkOptions);

export interface ExposureOptions {
  /**
   * Where records go (required): `{ kind: 'posthog', apiKey, host }`, `{ kind: 'file', path }`
   * (JSON lines `@rollgate/analysis` reads), or any `ExposureSink`.
   */
  sink: SinkSpec;
  /** Distinct (flag, response, distinct id) triples remembered for deduplication. Default 50000. */
  dedupSize?: number;
  /** Records waiting for the sink, at most; beyond it new records are dropped and counted. Default 10000. */
  queueSize?: number;
  /** Records per request to the sink, 1 to 1000. Default 100. */
  batchSize?: number;
  /** A partial batch waits at most this long before it is sent, in ms. Default 1000. */
  flushIntervalMs?: number;
  /** Retries of a failed batch before it is counted failed. Default 3. */
  maxRetries?: number;
  /** Delays between retries (exponential, equal jitter). Default 500 ms doubling to 30 s. */
  backoff?: BackoffOptions;
  /** How long closing the provider waits for the queue to drain, in ms; the rest is counted lost. Default 2000. */
  closeTimeoutMs?: number;
  /**
   * When the process is about to exit with records still queued (Node's `beforeExit`: the event
   * loop is empty, e.g. a CLI that never called `OpenFeature.close()`), drain them as `close()`
   * would, within `closeTimeoutMs`. Not run on `process.exit()` or a signal. Default true.
   */
  flushOnExit?: boolean;
  /** Distinct ids whose last exposures are remembered for `track` attribution. Default 10000. */
  trackedUnits?: number;
  /** Flags remembered per distinct id for `track` attribution. Default 200. */
  flagsPerUnit?: number;
  /** Where sink failures are reported. Default: the provider's logger (else stderr). */
  logger?: Logger;
  /** Clock in epoch ms for record timestamps (tests). Default `Date.now`. */
  now?: () => number;
  /** Record id generator (tests). Default `crypto.randomUUID`. */
  uuid?: () => string;
}

export interface ResolvedExposureOptions {
  sink: ExposureSink;
  dedupSize: number;
  queueSize: number;
  batchSize: number;
  flushIntervalMs: number;
  maxRetries: number;
  backoff: BackoffOptions;
  closeTimeoutMs: number;
  flushOnExit: boolean;
  trackedUnits: number;
  flagsPerUnit: number;
  logger: Logger;
  now: () => number;
  uuid: () => string;
}

/** Applies defaults and checks ranges; throws `InvalidOptionsError` naming the option (`exposure.<name>`). */
export function resolveExposureOptions(options: ExposureOptions, fallbackLogger?: Logger): ResolvedExposureOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionsError('exposure', 'must be an object');
  return {
    sink: createSink(options.sink),
    dedupSize: count('dedupSize', options.dedupSize ?? 50_000, 1),
    queueSize: count('queueSize', options.queueSize ?? 10_000, 1),
    batchSize: count('batchSize', options.batchSize ?? 100, 1, 1000),
    flushIntervalMs: count('flushIntervalMs', options.flushIntervalMs ?? 1000, 0),
    maxRetries: count('maxRetries', options.maxRetries ?? 3, 0, 100),
    backoff: { initialMs: 500, maxMs: 30_000, ...options.backoff },
    closeTimeoutMs: count('closeTimeoutMs', options.closeTimeoutMs ?? 2000, 0),
    flushOnExit: options.flushOnExit ?? true,
    trackedUnits: count('trackedUnits', options.trackedUnits ?? 10_000, 0),
    flagsPerUnit: count('flagsPerUnit', options.flagsPerUnit ?? 200, 1),
    logger: safeLogger(options.logger ?? fallbackLogger ?? defaultLogger),
    now: options.now ?? Date.now,
    uuid: options.uuid ?? randomUUID,
  };
}

function createSink(spec: SinkSpec | undefined): ExposureSink {
  if (spec === undefined || spec === null || typeof spec !== 'object') {
    throw new InvalidOptionsError('exposure.sink', "is required: { kind: 'posthog', apiKey, host }, { kind: 'file', path } or an ExposureSink");
  }
  if ('send' in spec && typeof spec.send === 'function') return spec;
  const kind = (spec as { kind?: unknown }).kind;
  if (kind === 'posthog') {
    const { apiKey, host } = spec as PosthogSinkOptions;
    if (typeof apiKey !== 'string' || apiKey.trim() === '') throw new InvalidOptionsError('exposure.sink.apiKey', 'must be the PostHog project API key');
    if (host !== undefined && !/^https?:\/\//.test(host)) throw new InvalidOptionsError('exposure.sink.host', `${JSON.stringify(host)} is not an http(s) URL`);
    return new PosthogSink(spec as PosthogSinkOptions);
  }
  if (kind === 'file') {
    const { path } = spec as JsonlFileSinkOptions;
    if (typeof path !== 'string' || path === '') throw new InvalidOptionsError('exposure.sink.path', 'must be a file path');
    return new JsonlFileSink(spec as JsonlFileSinkOptions);
  }
  throw new InvalidOptionsError('exposure.sink.kind', `${JSON.stringify(kind)} is not a sink kind (posthog, file) and the object has no send()`);
}

function count(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionsError(`exposure.${name}`, `must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, got ${String(value)}`);
  }
  return value;
}
