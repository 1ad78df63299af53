// One conditional GET of the definitions URL, bounded by a timeout; the outcome is a value.
import type { Result } from '@rollgate/core';
import { DefinitionsRejectedError } from '../errors/definitions-rejected-error.js';
import { FetchFailedError } from '../errors/fetch-failed-error.js';

export type FetchOutcome =
  | { kind: 'not-modified' }
  | { kind: 'document'; document: unknown; etag: string | undefined };

export interface FetchRequest {
  url: string;
  /** Sent as If-None-Match; a 304 answer means the cached document is still current. */
  etag: string | undefined;
  timeoutMs: number;
  fetch: typeof globalThis.fetch;
  headers: Readonly<Record<string, string>>;
  credentials: RequestCredentials | undefined;
}

/**
 * Never rejects. The timeout covers the whole exchange (headers and body) through one
 * AbortController, so a server that stalls mid-body cannot hold the page. `cache: 'no-store'`
 * keeps the browser's HTTP cache out of the way: the ETag dance is ours, and a 304 must reach us.
 */
export async function fetchDefinitions(
  request: FetchRequest,
): Promise<Result<FetchOutcome, FetchFailedError | DefinitionsRejectedError>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  try {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.etag !== undefined) headers['if-none-match'] = request.etag;
    const init: RequestInit = { headers, signal: controller.signal, cache: 'no-store' };
    if (request.credentials !== undefined) init.credentials = request.credentials;
    const response = await request.fetch(request.url, init);
    if (response.status === 304) return { ok: true, value: { kind: 'not-modified' } };
    if (!response.ok) {
      return { ok: false, error: new FetchFailedError(request.url, { status: response.status }, `HTTP ${response.status}`) };
    }
    const text = await response.text();
    let document: unknown;
    try {
      // Not core's parseJson (line/column messages): it would add 1 kB gz to every page, and the
      // browser's own message already names the position.
      document = JSON.parse(text);
    } catch (cause) {
      return { ok: false, error: new DefinitionsRejectedError('url', request.url, [{ path: '$', message: `invalid JSON: ${(cause as Error).message}` }]) };
    }
    const etag = response.headers.get('etag') ?? undefined;
    return { ok: true, value: { kind: 'document', document, etag } };
  } catch (cause) {
    const message = timedOut ? `no answer within ${request.timeoutMs} ms` : cause instanceof Error ? cause.message : String(cause);
    return { ok: false, error: new FetchFailedError(request.url, { timedOut }, message, { cause }) };
  } finally {
    clearTimeout(timer);
  }
}
