// How an HTTP answer maps to a source outcome, shared by the node:http and fetch transports.
import type { LoadOutcome, SourceFailure } from './definition-source.js';
import { parseRetryAfter } from './retry-after.js';

/** 401/403 -> fatal (retrying cannot fix credentials); 429/5xx -> transient with Retry-After; others transient. */
export function classifyStatus(status: number, where: string, retryAfter: string | null): SourceFailure {
  if (status === 401 || status === 403) {
    return { kind: 'fatal', code: `HTTP_${status}`, message: `${where}: HTTP ${status} (check the credentials)` };
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

