// PostHog local evaluation: the project's flag definitions from PostHog, evaluated in-process
// with PostHog's own bucketing (`@rollgate/core/posthog`). Needs a feature-flags secure key
// (`phs_...`) or a personal API key with feature-flag read access: a server-side secret.
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { compilePosthogText } from './compile-posthog-text.js';
import type { DefinitionSource, LoadOutcome, LoadRequest } from './definition-source.js';
import { HttpSource } from './http-source.js';

export interface PosthogLocalSourceOptions {
  /** The project API key (`phc_...`), sent as `token`. Required. */
  projectKey: string;
  /**
   * The feature-flags secure key (`phs_...`) or a personal API key (`phx_...`), sent as
   * `Authorization: Bearer`. Required. Never logged, never part of the source id or cache key.
   */
  secureKey: string;
  /** PostHog's API host. Default `https://us.i.posthog.com` (EU: `https://eu.i.posthog.com`). */
  host?: string;
  /**
   * Path of the definitions endpoint. Default `/flags/definitions` (what posthog-node 5 polls);
   * older self-hosted PostHog serves `/api/feature_flag/local_evaluation`.
   */
  endpoint?: string;
  /** Time limit of one request, in ms. Default 10000 (the first load is also bounded by the provider's `initTimeoutMs`). */
  requestTimeoutMs?: number;
  /** Largest definitions body accepted, in bytes. Default 20 MiB (projects with many flags and cohorts). */
  maxBytes?: number;
  /** The fetch implementation. Default: Node's global `fetch`. */
  fetch?: typeof fetch;
}

export const POSTHOG_DEFAULT_HOST = 'https://us.i.posthog.com';

/**
 * Polls PostHog's local-evaluation endpoint through the provider's store, so it gets the same
 * disk cache, ETag (`If-None-Match`), backoff, last-known-good and fail-open as any http source.
 * 401/403 (a wrong or revoked key) put the provider in FATAL; 402 (quota), 429 and 5xx back off
 * and keep the last good definitions serving (posthog-node instead drops all flags on 402).
 */
export class PosthogLocalSource implements DefinitionSource {
  readonly kind = 'posthog-local';
  readonly remote = true;
  readonly id: string;
  readonly cacheKey: string;
  readonly compile = compilePosthogText;
  private readonly http: HttpSource;

  constructor(options: PosthogLocalSourceOptions) {
    const projectKey = requiredKey('posthog-local projectKey', options.projectKey);
    const secureKey = requiredKey('posthog-local secureKey', options.secureKey);
    const host = hostUrl('posthog-local host', options.host);
    const endpoint = options.endpoint ?? '/flags/definitions';
    const url = new URL(`${host}${endpoint.startsWith('/') ? '' : '/'}${endpoint}`);
    url.searchParams.set('token', projectKey);
    url.searchParams.set('send_cohorts', '');
    this.http = new HttpSource({
      url,
      kind: this.kind,
      headers: { authorization: `Bearer ${secureKey}` },
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      maxBytes: options.maxBytes ?? 20 * 1024 * 1024,
      compile: compilePosthogText,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.id = `posthog-local:${url.origin}${url.pathname}`;
    // The project key is no secret (it ships in every web page using PostHog) and tells projects apart.
    this.cacheKey = `posthog-local:${url.origin}${url.pathname}?token=${projectKey}`;
  }

  load(request: LoadRequest): Promise<LoadOutcome> {
    return this.http.load(request);
  }
}

export function requiredKey(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidOptionsError(name, 'is required (a non-empty string)');
  return value.trim();
}

export function hostUrl(name: string, value: string | undefined): string {
  const text = (value ?? POSTHOG_DEFAULT_HOST).trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidOptionsError(name, `${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidOptionsError(name, `${url.protocol} is not http: or https:`);
  return text;
}
