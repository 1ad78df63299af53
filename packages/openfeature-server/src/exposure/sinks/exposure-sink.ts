// Where exposure and tracking records go: one interface, a PostHog and a JSON-lines implementation.
import type { JsonValue } from '@rollgate/core';

/** One record ready for a sink: an exposure (`$feature_flag_called`) or a tracked event. */
export interface CapturedEvent {
  /** Unique per record and kept across retries, so a batch sent twice counts once downstream. */
  readonly uuid: string;
  readonly event: string;
  readonly distinctId: string;
  /** ISO 8601 UTC, taken when the record was produced (not when it was sent). */
  readonly timestamp: string;
  readonly properties: Readonly<Record<string, JsonValue>>;
}

/**
 * A destination for batches of records. Contract, relied on for exact accounting:
 * - `send` resolves only when the whole batch was accepted (HTTP 2xx, bytes written), and rejects
 *   otherwise; the caller then retries the whole batch (same uuids) or counts it failed.
 * - `send` is never called again before the previous call settled (one batch in flight).
 * - A sink never throws synchronously and never blocks the event loop for long.
 */
export interface ExposureSink {
  /** Short name for logs and stats (`posthog`, `file`). */
  readonly name: string;
  send(batch: readonly CapturedEvent[]): Promise<void>;
  /** Releases handles and clients; the sink may be used again afterwards (it reopens lazily). */
  close?(): Promise<void>;
}
