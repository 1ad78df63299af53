import { extname } from 'node:path';
import { InputError } from '../errors/input-error.js';

/**
 * The export formats `loadEvents` reads.
 * - `parquet`: PostHog batch export (properties as a JSON string; timestamp as a TIMESTAMP,
 *   TIMESTAMPTZ, ISO string or integer microseconds since the epoch).
 * - `jsonl`: one JSON object per line: PostHog JSON-lines exports and Rollgate's exposure log,
 *   `{"uuid","event":"$feature_flag_called","distinct_id","timestamp","properties":{"$feature_flag",
 *   "$feature_flag_response",...}}` (ISO 8601 timestamp; `distinctId` accepted for `distinct_id`).
 * - `csv`: PostHog UI CSV export (header row; `properties` as a JSON string and/or flattened
 *   `properties.<key>` columns).
 */
export type EventFormat = 'parquet' | 'jsonl' | 'csv';

const byExtension: Record<string, EventFormat> = {
  '.parquet': 'parquet',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.csv': 'csv',
};

/** The format of a file from its extension; InputError naming the file when it is not known. */
export function detectEventFormat(path: string): EventFormat {
  const format = byExtension[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new InputError(
      `${path}: unknown events file type '${extname(path) || '(none)'}' (expected .parquet, .jsonl, .ndjson, .json or .csv)`,
    );
  }
  return format;
}
