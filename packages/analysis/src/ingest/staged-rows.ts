import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The temp tables one load stages its input in. Every input row of every file lands in
 * STAGED_ROWS once (one pass over each file), classified (see classifyRowsSql); duplicates are
 * then found among the staged valid rows, and only then are rows copied into `events` and
 * `quarantine`, so nothing is ever deleted from the canonical tables.
 */
export const STAGED_ROWS = 'rollgate_staged_rows';
/** file_index -> path, for `source_file` (one row per file rather than the path on every row). */
export const STAGED_FILES = 'rollgate_staged_files';

/** Column list of STAGED_ROWS, in the order classifyRowsSql yields them. */
export const STAGED_ROWS_COLUMNS = 'file_index, source_row, reason, raw, uuid_hash, uuid, stored, event, distinct_id, timestamp, properties';

/** Creates (or empties) a temp table with the STAGED_ROWS columns. */
export async function createStagedRowsTable(conn: DuckDBConnection, name: string): Promise<void> {
  await conn.run(`
    create or replace temp table ${name} (
      file_index integer not null,   -- position of the file in the load (file order)
      source_row bigint,             -- row number in the file (row order)
      reason varchar,                -- why the row is quarantined; null for a valid row
      raw varchar,                   -- the input row as text, for quarantined rows
      uuid_hash ubigint,             -- hash(uuid), for valid rows
      uuid varchar,                  -- for valid rows
      stored boolean not null,       -- valid and its event is one the load stores
      event varchar,                 -- these four: for stored rows only
      distinct_id varchar,
      timestamp timestamp,
      properties json
    )`);
}

export async function createStagingTables(conn: DuckDBConnection): Promise<void> {
  await createStagedRowsTable(conn, STAGED_ROWS);
  await conn.run(`create or replace temp table ${STAGED_FILES} (file_index integer not null, path varchar not null)`);
}

export async function dropStagingTables(conn: DuckDBConnection): Promise<void> {
  await conn.run(`drop table if exists ${STAGED_ROWS}; drop table if exists ${STAGED_FILES}`);
}
