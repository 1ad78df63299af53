// How an HTTP answer maps to a source outcome, shared by the node:http and fetch transports and
// by PostHog remote evaluation.
import type { LoadOutcome, SourceFailure } from './definition-source.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * 401/403 -> fatal (retrying cannot fix credentials); 429/5xx -> transient with Retry-After; others
 * transient. `fatalHint` ends the fatal message (default "check the credentials"; PostHog remote
 * says which credential: "check the project key").
 */
export function classifyStatus(status: number, where: string, retryAfter: string | null, fatalHint = 'check the credentials'): SourceFailure {
  if (status === 401 || status === 403) {
    return { kind: 'fatal', code: `HTTP_${status}`, message: `${where}: HTTP ${status} (${fatalHint})` };
  }
  const retryAfterMs = status === 429 || status >= 500 ? parseRetryAfter(retryAfter, Date.now()) : undefined;
  const message = `${where}: HTTP ${status}`;
  return retryAfterMs === undefined
    ? { kind: 'transient', code: `HTTP_${status}`, message }
    : { kind: 'transient', code: `HTTP_${status}`, message, retryAfterMs };
}

export function tooLarge(where: string, maxBytes: number): SourceFailure {
  return { kind: 'transient', code: 'BODY_TOO_LARGE', message: `${where}: body over the ${maxBytes}-byte limit` };
}

export function transient(code: string, message: string): LoadOutcome {
  return { status: 'failed', failure: { kind: 'transient', code, message } };
}

/**
 * What a rejected `fetch` (or body read) means: TIMEOUT when our own `timeout` signal fired,
 * ABORTED when the caller's `outer` signal did, else NETWORK with the undici cause's code
 * (ECONNREFUSED, ...) when there is one. All transient: the store retries with backoff.
 */
export function fetchFailure(error: unknown, where: string, timeout: AbortSignal, outer: AbortSignal, timeoutMs: number): LoadOutcome {
  if (timeout.aborted) return transient('TIMEOUT', `${where}: no complete answer within ${timeoutMs} ms`);
  if (outer.aborted) return transient('ABORTED', `${where}: aborted`);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return transient('NETWORK', `${where}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
}
