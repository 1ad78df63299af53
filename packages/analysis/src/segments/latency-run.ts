// One run_finished-style event as notebooks-sql/latency-runs.sql returns it.

export type TurnBucket = 'turn 1' | 'turn 2+' | 'unknown';
/** 'ok', or why the run's segments cannot be used (it is still counted). */
export type RunQuality = 'ok' | 'missing_parts' | 'negative_remainder';

export interface LatencyRun {
  readonly uuid: string;
  readonly distinctId: string;
  /** The cluster for intervals: the conversation, else the distinct id. */
  readonly conversationId: string;
  readonly conversationFromDistinctId: boolean;
  readonly timestamp: Date;
  readonly turnIndex: number | null;
  readonly turnBucket: TurnBucket;
  readonly groupValue: string;
  readonly spawn_to_first_token_ms: number | null;
  readonly cli_ready_ms: number | null;
  readonly session_init_ms: number | null;
  readonly model_first_token_ms: number | null;
  readonly remainder_ms: number | null;
  /** Parts missing, non-numeric or negative. */
  readonly missingParts: readonly string[];
  readonly quality: RunQuality;
  /** Named conditions (exclusions, share conditions) the run meets. */
  readonly marks: ReadonlySet<string>;
  /** Why the run is outside the population (window, a filter), or null. */
  readonly droppedBy: string | null;
}

/** Maps a result row of latency-runs.sql. */
export function toLatencyRun(row: Record<string, unknown>): LatencyRun {
  const num = (k: string) => (typeof row[k] === 'number' ? (row[k] as number) : null);
  const text = (k: string) => (row[k] === null || row[k] === undefined ? '' : String(row[k]));
  return {
    uuid: text('uuid'),
    distinctId: text('distinct_id'),
    conversationId: text('conversation_id'),
    conversationFromDistinctId: row['conversation_from_distinct_id'] === true,
    timestamp: row['timestamp'] as Date,
    turnIndex: num('turn_index'),
    turnBucket: text('turn_bucket') as TurnBucket,
    groupValue: text('group_value'),
    spawn_to_first_token_ms: num('spawn_to_first_token_ms'),
    cli_ready_ms: num('cli_ready_ms'),
    session_init_ms: num('session_init_ms'),
    model_first_token_ms: num('model_first_token_ms'),
    remainder_ms: num('remainder_ms'),
    missingParts: text('missing_parts') === '' ? [] : text('missing_parts').split(','),
    quality: text('quality') as RunQuality,
    marks: new Set(text('marks') === '' ? [] : text('marks').split(',')),
    droppedBy: row['dropped_by'] === null || row['dropped_by'] === undefined ? null : String(row['dropped_by']),
  };
}
