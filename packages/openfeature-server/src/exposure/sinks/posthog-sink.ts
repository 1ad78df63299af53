// Sends records to PostHog through posthog-node (an optional peer dependency, loaded on first use).
import type { PostHog } from 'posthog-node';
import type { CapturedEvent, ExposureSink } from './exposure-sink.js';

export interface PosthogSinkOptions {
  /** The project API key (`phc_...`). Required. */
  apiKey: string;
  /** PostHog host (ingestion). Default `https://us.i.posthog.com`. */
  host?: string;
  /** Timeout of one batch request, in ms. Default 5000. */
  requestTimeoutMs?: number;
  /** Gzip request bodies. Default true (posthog-node's own default). */
  compression?: boolean;
}

type PostHogClass = typeof PostHog;

/**
 * posthog-node is used as a transport only: its own queue, timer and retries are switched off
 * (`flushAt` above any batch, `flushInterval: 0`, `fetchRetryCount: 0`), so each `send` is one
 * `/batch/` request whose outcome is known, and the pipeline does the bounded retries. After a
 * failed request the client is discarded: posthog-node keeps a batch that hit a network error in
 * its queue and would send it again with the next one, which would break the accounting.
 * `$geoip_disable` stays on: a server's IP says nothing about where the user is.
 */
export class PosthogSink implements ExposureSink {
  readonly name = 'posthog';
  private client: PostHog | undefined;
  private loading: Promise<PostHogClass> | undefined;
  /** Aborted by `close()`: a request still in flight then must not keep the process alive. */
  private aborter = new AbortController();

  constructor(private readonly options: PosthogSinkOptions) {}

  async send(batch: readonly CapturedEvent[]): Promise<void> {
    if (batch.length === 0) return;
    const client = await this.clientFor();
    try {
      for (const record of batch) {
        client.capture({
          distinctId: record.distinctId,
          event: record.event,
          properties: record.properties as Record<string, unknown>,
          timestamp: new Date(record.timestamp),
          uuid: record.uuid,
        });
      }
      await client.flush();
    } catch (error) {
      if (this.client === client) this.client = undefined;
      throw error;
    }
  }

  /**
   * Aborts a request still in flight (the pipeline calls this after its close deadline, when that
   * batch is already counted lost: a CLI must not wait for a black-holed capture host) and forgets
   * the client. Not `shutdown()`: the queue is empty after every settled send, and an abandoned
   * batch must not be flushed again (posthog-node would also print its failure to stderr).
   */
  async close(): Promise<void> {
    this.client = undefined;
    this.aborter.abort(new Error('exposure pipeline closed'));
    this.aborter = new AbortController();
  }

  private async clientFor(): Promise<PostHog> {
    if (this.client) return this.client;
    const PostHogCtor = await this.load();
    const aborter = this.aborter;
    const client = new PostHogCtor(this.options.apiKey, {
      host: this.options.host ?? 'https://us.i.posthog.com',
      flushAt: MAX_BATCH,
      maxBatchSize: MAX_BATCH,
      maxQueueSize: MAX_BATCH,
      flushInterval: 0,
      fetchRetryCount: 0,
      requestTimeout: this.options.requestTimeoutMs ?? 5000,
      disableCompression: this.options.compression === false,
      disableGeoip: true,
      preloadFeatureFlags: false,
      // posthog-node's own fetch, with our abort signal joined to its timeout signal.
      fetch: (url: string, init: RequestInit & { signal?: AbortSignal }) => {
        const signal = init.signal ? AbortSignal.any([init.signal, aborter.signal]) : aborter.signal;
        return fetch(url, { ...init, signal });
      },
    });
    this.client = client;
    return client;
  }

  private load(): Promise<PostHogClass> {
    this.loading ??= import('posthog-node').then(
      (module) => module.PostHog,
      (error: unknown) => {
        this.loading = undefined;
        throw new Error(
          `the PostHog exposure sink needs posthog-node (npm install posthog-node): ${(error as Error).message}`,
        );
      },
    );
    return this.loading;
  }
}

/** Larger than any batch the pipeline sends (its `batchSize` is capped at 1000). */
const MAX_BATCH = 10_000;
