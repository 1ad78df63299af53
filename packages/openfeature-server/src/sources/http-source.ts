// Definitions from an HTTP(S) URL: conditional GETs with a size cap and a time limit.
import type { CompiledDocument, DefinitionIssue, Result } from '@rollgate/core';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { compileFlagdText } from './compile-flagd-text.js';
import type { DefinitionSource, LoadOutcome, LoadRequest, SourceFailure } from './definition-source.js';
import { parseRetryAfter } from './retry-after.js';

export interface HttpSourceOptions {
  /** `http:` or `https:` URL of the definitions document. */
  url: string | URL;
  /** Extra request headers (e.g. `authorization`). Never logged. */
  headers?: Record<string, string>;
  /** Time limit of one request, headers and body together, in ms. Default 10000. */
  requestTimeoutMs?: number;
  /** Largest body accepted, in bytes; a longer (or endless) body is cut off. Default 5 MiB. */
  maxBytes?: number;
  /** Turns the body into a document. Default: flagd JSON (`compileFlagdText`). */
  compile?: (text: string) => Result<CompiledDocument, DefinitionIssue[]>;
  /** The fetch implementation. Default: Node's global `fetch`. */
  fetch?: typeof fetch;
  /** Source kind reported in logs and cache file names. Default `http` (posthog-local sets its own). */
  kind?: string;
}

/**
 * Polled by the store (which keeps one request in flight at most and backs off on failures);
 * this class only performs one conditional request per `load` and classifies the answer:
 * 200 -> loaded (ETag kept as validator); 304 -> not-modified; 401/403 -> fatal; 429/5xx and
 * network errors -> transient, with Retry-After when the server sent one.
 */
export class HttpSource implements DefinitionSource {
  readonly kind: string;
  readonly remote = true;
  readonly id: string;
  readonly cacheKey: string;
  readonly compile: (text: string) => Result<CompiledDocument, DefinitionIssue[]>;
  private readonly url: URL;
  private readonly headers: Record<string, string>;
  private readonly requestTimeoutMs: number;
  private readonly maxBytes: number;
  private readonly fetchImpl: typeof fetch | undefined;

  constructor(options: HttpSourceOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new InvalidOptionsError('http source url', `${String(options.url)} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InvalidOptionsError('http source url', `${url.protocol} is not http: or https:`);
    }
    this.url = url;
    this.kind = options.kind ?? 'http';
    // Credentials and query strings may carry secrets: the id shown in logs has neither.
    this.id = `${url.origin}${url.pathname}`;
    this.cacheKey = `${url.origin}${url.pathname}${url.search}`;
    this.headers = options.headers ?? {};
    this.requestTimeoutMs = positive('requestTimeoutMs', options.requestTimeoutMs ?? 10_000);
    this.maxBytes = positive('maxBytes', options.maxBytes ?? 5 * 1024 * 1024);
    this.compile = options.compile ?? compileFlagdText;
    this.fetchImpl = options.fetch;
  }

  async load(request: LoadRequest): Promise<LoadOutcome> {
    const timeout = AbortSignal.timeout(this.requestTimeoutMs);
    const signal = AbortSignal.any([request.signal, timeout]);
    const where = `GET ${this.id}`;
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers };
    if (request.validator !== undefined) headers['if-none-match'] = request.validator;
    try {
      const doFetch = this.fetchImpl ?? fetch;
      const response = await doFetch(this.url, { headers, signal, redirect: 'follow' });
      const status = response.status;
      if (status === 304) {
        await response.body?.cancel().catch(() => {});
        return { status: 'not-modified' };
      }
      if (status !== 200) {
        await response.body?.cancel().catch(() => {});
        return { status: 'failed', failure: classifyStatus(status, where, response.headers.get('retry-after')) };
      }
      const body = await readCapped(response, this.maxBytes, where);
      if (!body.ok) return { status: 'failed', failure: body.failure };
      const etag = response.headers.get('etag');
      return etag === null ? { status: 'loaded', text: body.text } : { status: 'loaded', text: body.text, validator: etag };
    } catch (error) {
      if (timeout.aborted) {
        return transient('TIMEOUT', `${where}: no complete answer within ${this.requestTimeoutMs} ms`);
      }
      if (request.signal.aborted) return transient('ABORTED', `${where}: aborted`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const detail = cause?.code ?? cause?.message ?? (error as Error).message;
      return transient('NETWORK', `${where}: ${detail}`);
    }
  }
}

function classifyStatus(status: number, where: string, retryAfter: string | null): SourceFailure {
  if (status === 401 || status === 403) {
    return { kind: 'fatal', code: `HTTP_${status}`, message: `${where}: HTTP ${status} (check the credentials)` };
  }
  const retryAfterMs = status === 429 || status >= 500 ? parseRetryAfter(retryAfter, Date.now()) : undefined;
  const message = `${where}: HTTP ${status}`;
  return retryAfterMs === undefined
    ? { kind: 'transient', code: `HTTP_${status}`, message }
    : { kind: 'transient', code: `HTTP_${status}`, message, retryAfterMs };
}

type CappedBody = { ok: true; text: string } | { ok: false; failure: SourceFailure };

// Reads the body chunk by chunk and stops at the cap, so an endless or huge body costs at most
// `maxBytes` of memory; invalid UTF-8 is an error rather than silently replaced characters.
async function readCapped(response: Response, maxBytes: number, where: string): Promise<CappedBody> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    return { ok: false, failure: tooLarge(where, maxBytes) };
  }
  if (response.body === null) return { ok: true, text: '' };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, failure: tooLarge(where, maxBytes) };
    }
    chunks.push(value);
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    return { ok: true, text };
  } catch {
    return { ok: false, failure: { kind: 'transient', code: 'BAD_ENCODING', message: `${where}: body is not UTF-8` } };
  }
}

function tooLarge(where: string, maxBytes: number): SourceFailure {
  return { kind: 'transient', code: 'BODY_TOO_LARGE', message: `${where}: body over the ${maxBytes}-byte limit` };
}

function transient(code: string, message: string): LoadOutcome {
  return { status: 'failed', failure: { kind: 'transient', code, message } };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new InvalidOptionsError(name, `must be a positive number, got ${value}`);
  return value;
}
