// PostHog remote evaluation: PostHog's server evaluates every flag for one distinct id
// (`POST /flags/?v=2`), for apps that may only hold the project key (a CLI shipped to users).
// The provider's store caches the answers on disk (TTL, stale-while-revalidate, a bounded first
// fetch, fail-open), exactly as for any other source.
import type { CompiledDocument, DefinitionIssue, JsonValue, Result } from '@rollgate/core';
import { parseJson } from '@rollgate/core';
import { compilePosthogRemote, sha1Hex } from '@rollgate/core/posthog';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import type { DefinitionSource, LoadOutcome, LoadRequest } from './definition-source.js';
import { classifyStatus, fetchFailure, tooLarge } from './http-outcomes.js';
import { withProxyHint } from './proxy-hint.js';
import { hostUrl, requiredKey } from './posthog-local.js';
import { readCappedBody } from './read-capped-body.js';

export interface PosthogRemoteSourceOptions {
  /** The project API key (`phc_...`): the public key a CLI or a web page may carry. Required. */
  projectKey: string;
  /**
   * Whose flags to evaluate: the distinct id the app's telemetry uses too (e.g. the install id
   * from `getInstallId`), or exposures and events cannot be joined. Required.
   */
  distinctId: string;
  /** PostHog's API host. Default `https://us.i.posthog.com`. */
  host?: string;
  /** Group analytics: group type -> group key. Default none. */
  groups?: Readonly<Record<string, string>>;
  /** Person properties PostHog may not have yet (sent with the request). Default none. */
  personProperties?: Readonly<Record<string, JsonValue>>;
  /** Group properties by group type. Default none. */
  groupProperties?: Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;
  /** Evaluate only these flags (smaller, faster answers). Default: every flag. */
  flagKeys?: readonly string[];
  /**
   * Time limit of one request, in ms. Default 3000 (posthog-node's own for /flags). The first
   * load without a cache is bounded by the provider's `initTimeoutMs` (default 1500) whatever this is.
   */
  requestTimeoutMs?: number;
  /** Largest response accepted, in bytes. Default 1 MiB. */
  maxBytes?: number;
  /** The fetch implementation. Default: Node's global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * One POST per `load`; answers are cached per (host, project, distinct id, properties), so a
 * machine shared by several users, or a changed property, never reads another's variants.
 * 401/403 are fatal; 429/5xx, timeouts, network errors and unusable bodies are transient (the
 * store backs off and keeps the last good answers). There is no ETag: the TTL decides freshness.
 */
export class PosthogRemoteSource implements DefinitionSource {
  readonly kind = 'posthog-remote';
  readonly remote = true;
  readonly id: string;
  readonly cacheKey: string;
  /** The distinct id PostHog evaluated every answer for (see DefinitionSource.evaluatedFor). */
  readonly evaluatedFor: string;
  private readonly url: URL;
  private readonly body: string;
  private readonly distinctId: string;
  private readonly requestTimeoutMs: number;
  private readonly maxBytes: number;
  private readonly fetchImpl: typeof fetch | undefined;

  constructor(options: PosthogRemoteSourceOptions) {
    const projectKey = requiredKey('posthog-remote projectKey', options.projectKey);
    this.distinctId = requiredKey('posthog-remote distinctId', options.distinctId);
    this.evaluatedFor = this.distinctId;
    const host = hostUrl('posthog-remote host', options.host);
    this.url = new URL(`${host}/flags/?v=2`);
    const request: Record<string, JsonValue> = {
      token: projectKey,
      distinct_id: this.distinctId,
      groups: { ...(options.groups ?? {}) },
      person_properties: { ...(options.personProperties ?? {}) },
      group_properties: { ...(options.groupProperties ?? {}) } as Record<string, JsonValue>,
    };
    const deviceId = options.personProperties?.['$device_id'];
    if (typeof deviceId === 'string' && deviceId !== '') request['$device_id'] = deviceId;
    if (options.flagKeys !== undefined) request['flag_keys_to_evaluate'] = [...options.flagKeys];
    this.body = JSON.stringify(request);
    this.requestTimeoutMs = positive('posthog-remote requestTimeoutMs', options.requestTimeoutMs ?? 3000);
    this.maxBytes = positive('posthog-remote maxBytes', options.maxBytes ?? 1024 * 1024);
    this.fetchImpl = options.fetch;
    this.id = `posthog-remote:${this.url.origin}/flags`;
    // The request (distinct id, properties, flag keys) is hashed: answers belong to it alone.
    this.cacheKey = `posthog-remote:${this.url.origin}:${projectKey}:${sha1Hex(this.body)}`;
  }

  compile = (text: string): Result<CompiledDocument, DefinitionIssue[]> => {
    const parsed = parseJson(text);
    if (!parsed.ok) return parsed;
    return compilePosthogRemote(parsed.value, { distinctId: this.distinctId });
  };

  async load(request: LoadRequest): Promise<LoadOutcome> {
    const timeout = AbortSignal.timeout(this.requestTimeoutMs);
    const signal = AbortSignal.any([request.signal, timeout]);
    const where = `POST ${this.id}`;
    let answered = false;
    try {
      const response = await (this.fetchImpl ?? fetch)(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: this.body,
        signal,
      });
      answered = true;
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => {});
        return { status: 'failed', failure: classifyStatus(response.status, where, response.headers.get('retry-after'), 'check the project key') };
      }
      const body = await readCappedBody(response, this.maxBytes);
      if (body === undefined) return { status: 'failed', failure: tooLarge(where, this.maxBytes) };
      return { status: 'loaded', text: new TextDecoder().decode(body) };
    } catch (error) {
      const failure = fetchFailure(error, where, timeout, request.signal, this.requestTimeoutMs);
      // Node's own fetch connects directly (an app-supplied one may well use a proxy); a server
      // that answered was reached, so a body cut off midway gets no proxy hint.
      return this.fetchImpl === undefined && !answered ? withProxyHint(failure, this.url) : failure;
    }
  }
}


function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new InvalidOptionsError(name, `must be a positive number, got ${value}`);
  return value;
}
