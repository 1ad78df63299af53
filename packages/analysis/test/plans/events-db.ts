// Test support: an in-memory DuckDB with the canonical `events` table filled from plain objects.
import { ensureEventTables, openDatabase, type AnalysisDb } from '../../src/index.js';

export interface EventRow {
  uuid: string;
  event: string;
  distinct_id: string;
  timestamp: string;
  properties: Record<string, unknown>;
}

export async function eventsDb(rows: readonly EventRow[]): Promise<AnalysisDb> {
  const db = await openDatabase(undefined, { threads: 1 });
  await ensureEventTables(db.connection);
  if (rows.length > 0) {
    await db.connection.run(
      `insert into events
       select r.uuid, r.event, r.distinct_id, r.timestamp::timestamp, r.properties, 'test', null
       from (select unnest(from_json($rows::varchar, '[{"uuid":"VARCHAR","event":"VARCHAR","distinct_id":"VARCHAR","timestamp":"VARCHAR","properties":"JSON"}]')) as r)`,
      { rows: JSON.stringify(rows) },
    );
  }
  return db;
}

/**
 * 40 conversations x 3 turns of successful claude_code runs on 2026-11-10..19. On turn 2+ the per-run
 * ratio session_init_ms / spawn_to_first_token_ms is exactly 0.2 + 0.005 i for conversation i, so
 * over the 80 turn-2+ runs the type-7 p50 is 0.2975 and the p90 is 0.3755 (each ratio appears twice).
 */
export function latencyRuns(options: { conversations?: number; extra?: (i: number, turn: number) => Record<string, unknown> } = {}): EventRow[] {
  const rows: EventRow[] = [];
  const n = options.conversations ?? 40;
  for (let i = 0; i < n; i++) {
    for (let turn = 1; turn <= 3; turn++) {
      const total = 10_000;
      const share = turn === 1 ? 0.1 : 0.2 + 0.005 * i;
      const init = Math.round(total * share * 1000) / 1000;
      const day = 10 + (i % 10);
      rows.push({
        uuid: `run-${i}-${turn}`,
        event: 'run_finished',
        distinct_id: `user-${i}`,
        timestamp: `2026-11-${String(day).padStart(2, '0')} 10:${String(turn).padStart(2, '0')}:00`,
        properties: {
          agent: 'claude_code',
          status: 'success',
          client_version: '2.4.0',
          conversation_id: `conv-${i}`,
          turn_index: turn,
          spawn_to_first_token_ms: total,
          cli_ready_ms: 500,
          session_init_ms: init,
          model_first_token_ms: total - 500 - init - 100,
          ...(options.extra?.(i, turn) ?? {}),
        },
      });
    }
  }
  return rows;
}
