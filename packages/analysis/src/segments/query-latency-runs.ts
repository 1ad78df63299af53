import type { DuckDBConnection } from '@duckdb/node-api';
import { runSqlFile, type SqlParam } from '../db/run-sql-file.js';
import type { Condition } from '../plans/conditions.js';
import { sqlFilePath } from '../db/sql-file-path.js';
import { sqlTimestamp } from '../plans/time-window.js';
import { toLatencyRun, type LatencyRun } from './latency-run.js';

/** What notebooks-sql/latency-runs.sql is asked for. Defaults are the documented ones. */
export interface LatencyQuery {
  /** Default 'run_finished'. */
  event?: string;
  from?: Date | null;
  to?: Date | null;
  /** Microseconds (0-999) past the millisecond of each bound (see windowBounds). Default 0. */
  fromMicros?: number;
  toMicros?: number;
  filters?: readonly Condition[];
  /** Named conditions; a run carries a name when all its conditions hold. */
  marks?: readonly { name: string; where: readonly Condition[] }[];
  /** Default 'turn_index'. */
  turnProperty?: string;
  /** Default 1. */
  firstTurn?: number;
  /** Default 'conversation_id'. */
  conversationProperty?: string;
  /** Property to group by; default none. */
  groupBy?: string;
}

/** The SQL parameters for a query, exactly as the reproducible-queries test and an analyst bind them. */
export function latencyQueryParams(q: LatencyQuery): Record<string, SqlParam> {
  return {
    event: q.event ?? 'run_finished',
    from_ts: sqlTimestamp(q.from ?? null, q.fromMicros ?? 0),
    to_ts: sqlTimestamp(q.to ?? null, q.toMicros ?? 0),
    filters: JSON.stringify(q.filters ?? []),
    marks: JSON.stringify((q.marks ?? []).flatMap((m) => m.where.map((c) => ({ name: m.name, ...c })))),
    turn_property: q.turnProperty ?? 'turn_index',
    first_turn: q.firstTurn ?? 1,
    conversation_property: q.conversationProperty ?? 'conversation_id',
    group_by: q.groupBy ?? '',
  };
}

/** Runs latency-runs.sql: every run of the event, population members with droppedBy = null. */
export async function queryLatencyRuns(connection: DuckDBConnection, q: LatencyQuery): Promise<LatencyRun[]> {
  const rows = await runSqlFile(connection, sqlFilePath('latency-runs.sql'), latencyQueryParams(q));
  return rows.map(toLatencyRun);
}
