import type { DuckDBConnection } from '@duckdb/node-api';

// Small helpers the loaders share around one DuckDB connection.

export async function scalar(conn: DuckDBConnection, sql: string): Promise<number> {
  const reader = await conn.runAndReadAll(sql);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/** Column name -> DuckDB type of a query's result. */
export async function describe(conn: DuckDBConnection, sql: string): Promise<Map<string, string>> {
  const reader = await conn.runAndReadAll(`describe ${sql}`);
  const columns = new Map<string, string>();
  for (const row of reader.getRowObjectsJS()) columns.set(String(row['column_name']), String(row['column_type']));
  return columns;
}

/** Runs `work`, polling DuckDB's progress for the connection meanwhile. */
export async function withProgress(
  conn: DuckDBConnection,
  work: () => Promise<void>,
  onProgress: ((percentage: number) => void) | undefined,
  intervalMs = 250,
): Promise<void> {
  const listening = onProgress !== undefined;
  const timer = listening ? setInterval(() => onProgress!(conn.progress.percentage), intervalMs) : undefined;
  try {
    await work();
  } finally {
    if (timer !== undefined) clearInterval(timer);
  }
}

/**
 * Runs `work` with DuckDB's preserve_insertion_order off (restored after): writing rows in the
 * order they were read costs about a third more. Only for writes whose rows carry their own order
 * (file index, row number), never where rowid order is relied on.
 */
export async function withoutInsertionOrder(conn: DuckDBConnection, work: () => Promise<void>): Promise<void> {
  const reader = await conn.runAndReadAll(`select current_setting('preserve_insertion_order')`);
  if (reader.getRows()[0]?.[0] !== true) return work();
  await conn.run('set preserve_insertion_order = false');
  try {
    await work();
  } finally {
    await conn.run('set preserve_insertion_order = true');
  }
}
