// Definitions from an HTTP(S) URL: conditional GETs with a size cap and a time limit.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { CompiledDocument, DefinitionIssue, Result } from '@rollgate/core';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { compileFlagdText } from './compile-flagd-text.js';
import type { DefinitionSource, LoadOutcome, LoadRequest } from './definition-source.js';
import { classifyStatus, tooLarge, transient } from './http-outcomes.js';
import { loadWithFetch } from './fetch-load.js';
import { withProxyHint } from './proxy-hint.js';

export interface HttpSourceOptions {
  /** `http:` or `https:` URL of the definitions document. */
  url: string | URL;
  /** Extra request headers (e.g. `authorization`). Never logged. */
  headers?: Record<string, string>;
  /** Time limit of one request, headers and body together, in ms. Default 10000. */
  requestTimeoutMs?: number;
  /** Largest body accepted, in bytes; a longer (or endless) body is cut off. Default 5 MiB. */
  maxBytes?: number;
  /**
   * Send requests through this `fetch` instead of node:http (a proxy dispatcher, instrumentation).
   * Default: node:http/https with one connection per request, which leaves no keep-alive socket
   * holding a CLI open after its work is done. It connects directly (HTTPS_PROXY is not read; a
   * failed request says so when such a variable is set).
   */
  fetch?: typeof fetch;
  /** Turns the body into a document. Default: flagd JSON (`compileFlagdText`). */
  compile?: (text: string) => Result<CompiledDocument, DefinitionIssue[]>;
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

  load(request: LoadRequest): Promise<LoadOutcome> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'rollgate', ...this.headers };
    if (request.validator !== undefined) headers['if-none-match'] = request.validator;
    if (this.fetchImpl) {
      return loadWithFetch(this.fetchImpl, this.url, headers, request.signal, this.requestTimeoutMs, this.maxBytes, `GET ${this.id}`);
    }
    return this.get(this.url, headers, request.signal, MAX_REDIRECTS);
  }

  // node:http rather than fetch: one connection per request (`agent: false`) leaves no keep-alive
  // socket behind, so a CLI exits the moment its work is done (fetch's pool held it ~0.6 s here).
  private get(url: URL, headers: Record<string, string>, signal: AbortSignal, redirectsLeft: number): Promise<LoadOutcome> {
    const where = `GET ${this.id}`;
    return new Promise<LoadOutcome>((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let answered = false;
      const finish = (outcome: LoadOutcome | Promise<LoadOutcome>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, { method: 'GET', headers, agent: false });
      const onAbort = (): void => {
        finish(transient('ABORTED', `${where}: aborted`));
        req.destroy();
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => {
        const timedOut = transient('TIMEOUT', `${where}: no complete answer within ${this.requestTimeoutMs} ms`);
        finish(answered ? timedOut : withProxyHint(timedOut, url));
        req.destroy();
      }, this.requestTimeoutMs);
      // (the proxy hint only while `url` has not answered: a connection that answered did not need
      // a proxy, so a body cut off or stalled midway gets none)
      req.on('error', (error: NodeJS.ErrnoException) => {
        const failed = transient('NETWORK', `${where}: ${error.code ?? error.message}`);
        finish(answered ? failed : withProxyHint(failed, url));
      });
      req.on('response', (response) => {
        answered = true;
        const status = response.statusCode ?? 0;
        const header = (name: string): string | null => {
          const value = response.headers[name];
          return value === undefined ? null : Array.isArray(value) ? (value[0] ?? null) : value;
        };
        if (status === 304) {
          response.resume();
          return finish({ status: 'not-modified' });
        }
        const location = header('location');
        if ([301, 302, 303, 307, 308].includes(status) && location !== null) {
          response.resume();
          req.destroy();
          if (redirectsLeft === 0) return finish(transient('TOO_MANY_REDIRECTS', `${where}: more than ${MAX_REDIRECTS} redirects`));
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            return finish(transient('BAD_REDIRECT', `${where}: redirect to an invalid URL`));
          }
          if (next.protocol !== 'http:' && next.protocol !== 'https:') {
            return finish(transient('BAD_REDIRECT', `${where}: redirect to ${next.protocol}`));
          }
          // Credentials never follow a redirect to another origin.
          const nextHeaders = next.origin === url.origin ? headers : withoutCredentials(headers);
          clearTimeout(timer);
          return finish(this.get(next, nextHeaders, signal, redirectsLeft - 1));
        }
        if (status !== 200) {
          response.resume();
          return finish({ status: 'failed', failure: classifyStatus(status, where, header('retry-after')) });
        }
        const declared = Number(header('content-length'));
        if (Number.isFinite(declared) && declared > this.maxBytes) {
          req.destroy();
          return finish({ status: 'failed', failure: tooLarge(where, this.maxBytes) });
        }
        // Stop at the cap: an endless or huge body costs at most maxBytes of memory.
        const chunks: Buffer[] = [];
        let total = 0;
        response.on('data', (chunk: Buffer) => {
          total += chunk.byteLength;
          if (total > this.maxBytes) {
            finish({ status: 'failed', failure: tooLarge(where, this.maxBytes) });
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', (error: NodeJS.ErrnoException) =>
          finish(transient('NETWORK', `${where}: body interrupted (${error.code ?? error.message})`)),
        );
        response.on('aborted', () => finish(transient('NETWORK', `${where}: body interrupted`)));
        response.on('end', () => {
          let text: string;
          try {
            // Invalid UTF-8 is an error rather than silently replaced characters.
            text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
          } catch {
            return finish({ status: 'failed', failure: { kind: 'transient', code: 'BAD_ENCODING', message: `${where}: body is not UTF-8` } });
          }
          const etag = header('etag');
          finish(etag === null ? { status: 'loaded', text } : { status: 'loaded', text, validator: etag });
        });
      });
      req.end();
    });
  }
}

const MAX_REDIRECTS = 5;

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!/^(authorization|cookie|proxy-authorization)$/i.test(name)) kept[name] = value;
  }
  return kept;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new InvalidOptionsError(name, `must be a positive number, got ${value}`);
  return value;
}
