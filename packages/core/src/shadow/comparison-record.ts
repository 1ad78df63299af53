// The shape of one line of the shadow comparison log (JSON lines), shared by writers and readers.
import type { JsonValue } from '../types.js';
import type { ComparisonVerdict } from './classify-comparison.js';

/** Version of the log line format; readers reject lines of a version they do not know. */
export const COMPARISON_RECORD_VERSION = 1;

/** One side of a comparison as logged. */
export interface ComparisonSide {
  /** Which source answered (its id, e.g. the URL or file path). */
  readonly source: string;
  readonly value: JsonValue | null;
  readonly variant: string | null;
  readonly reason: string | null;
  readonly errorCode: string | null;
  /** For a shadow that threw or timed out: `thrown: <message>` / `timeout after <ms> ms`. */
  readonly error?: string;
}

/**
 * One comparison: `primary` is the side the app received, `shadow` the side that only was asked.
 * In route mode `primary` is the new source (it answers) and `shadow` the old one (reverse shadow).
 */
export interface ComparisonRecord {
  readonly v: typeof COMPARISON_RECORD_VERSION;
  /** ISO-8601 UTC time the primary answered. */
  readonly time: string;
  /** `shadow` or `route`: which way round the sources were. */
  readonly mode: 'shadow' | 'route';
  readonly flag: string;
  /** The type the app asked for (boolean, string, number, object). */
  readonly type: string;
  /** The context's targeting key, `hmac-sha256:<hex>` when hashing is on, null when the context had none. */
  readonly key: string | null;
  readonly verdict: ComparisonVerdict;
  readonly primary: ComparisonSide;
  readonly shadow: ComparisonSide;
  /** The configured context attributes (hashed ones as `hmac-sha256:<hex>`), for the separating-attribute report. */
  readonly attributes: Readonly<Record<string, JsonValue>>;
  /** Milliseconds the shadow took to answer (absent for a timeout). */
  readonly shadowMs?: number;
}
