// The one interface every definitions source implements (file, http; posthog-local and
// posthog-remote plug in beside them). A source only moves bytes: it never caches to disk,
// schedules, retries or emits OpenFeature events. The provider's store does all of that the same
// way for every source, so a new source inherits cache, backoff and fail-open for free.
import type { CompiledDocument, DefinitionIssue, Result } from '@rollgate/core';

/** What the store passes to every `load`. */
export interface LoadRequest {
  /**
   * Aborted when the provider closes or the request's time budget runs out. A source must stop
   * its I/O promptly when this fires and then resolve (never reject) with a `failed` outcome.
   */
  readonly signal: AbortSignal;
  /**
   * The validator of the document the store currently holds (an HTTP ETag, a file's stat stamp),
   * or `undefined` when it holds none. A source may answer `not-modified` when it still matches.
   */
  readonly validator: string | undefined;
  /** True for the first load of an initialisation (the bounded, fail-open fetch). */
  readonly initial: boolean;
}

/** A source's failure, as a value. */
export interface SourceFailure {
  /**
   * `fatal`: retrying cannot help (HTTP 401/403, a rejected key); the provider goes FATAL and stops
   * polling. `transient`: back off and retry (timeouts, 429, 5xx, network errors, garbage bodies).
   */
  readonly kind: 'fatal' | 'transient';
  /** Short machine-readable cause: `HTTP_500`, `TIMEOUT`, `BODY_TOO_LARGE`, `NETWORK`, `ENOENT`... */
  readonly code: string;
  /** Names what failed and where, e.g. `GET https://flags.example.com/flags.json: HTTP 503`. */
  readonly message: string;
  /** A server's explicit wait (HTTP Retry-After), in milliseconds; honoured over the backoff. */
  readonly retryAfterMs?: number;
}

/** The result of one `load`. A source's `load` resolves with one of these and never rejects. */
export type LoadOutcome =
  /** New bytes. `text` is what the disk cache stores and what `compile` receives. */
  | { readonly status: 'loaded'; readonly text: string; readonly validator?: string }
  /** The document held (`LoadRequest.validator`) is still current: counts as a successful sync. */
  | { readonly status: 'not-modified' }
  | { readonly status: 'failed'; readonly failure: SourceFailure };

/** A place definitions come from. */
export interface DefinitionSource {
  /** Kind name as registered in the source registry: `file`, `http`, `posthog-local`... */
  readonly kind: string;
  /**
   * Identifies the source in logs and change records, e.g. `file:/etc/app/flags.json` or
   * `https://flags.example.com/flags.json`. Must not contain secrets (strip URL credentials, keys).
   */
  readonly id: string;
  /**
   * Key of this source's on-disk cache entry. Two sources that would serve different documents
   * must differ here (a posthog-remote source includes a hash of its distinct id). Not a secret
   * either: it is hashed into a file name.
   */
  readonly cacheKey: string;
  /**
   * True when `load` touches the network: the disk cache is on by default and the first load is
   * bounded by `initTimeoutMs`. False for local files (no disk cache by default).
   */
  readonly remote: boolean;
  /**
   * How often to re-check the source when no push notification arrives, in ms. `undefined`: use the
   * provider's `ttlMs` (fresh documents are not re-fetched). The file source polls its stat cheaply.
   */
  readonly pollIntervalMs?: number;
  /**
   * The one distinct id every answer of this source was evaluated for (remote evaluation): the
   * provider attributes exposures to it whatever the evaluation context says, and it is the distinct
   * id of a tracked event whose context has no targeting key. Undefined for sources whose answers
   * depend on the context (definitions evaluated in-process).
   */
  readonly evaluatedFor?: string;
  /** Fetch or read the current document. Never rejects; honours `request.signal`. */
  load(request: LoadRequest): Promise<LoadOutcome>;
  /**
   * Turn a loaded (or cached) text into a compiled document. Pure and synchronous; the same
   * function runs on fresh bytes and on the disk cache at warm start. Never throws.
   */
  compile(text: string): Result<CompiledDocument, DefinitionIssue[]>;
  /**
   * Optional push notification (the file source's fs.watch). Call `onChange` when the document may
   * have changed; the store debounces and calls `load`. Returns a function that stops watching.
   * Must not keep the process alive (unref handles).
   */
  watch?(onChange: () => void): () => void;
  /** Optional: release anything `load`/`watch` hold. Idempotent. */
  close?(): void;
}
