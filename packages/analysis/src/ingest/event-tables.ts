import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Creates the canonical tables if they do not exist (the contract other commands build on, in the
 * analysis README's ingestion section). Every query in notebooks-sql/ reads `events`;
 * `quarantine` keeps each rejected input row with its reason. `timestamp` is UTC.
 */
export async function ensureEventTables(conn: DuckDBConnection): Promise<void> {
  await conn.run(`
    create table if not exists events (
      uuid varchar not null,
      event varchar not null,
      distinct_id varchar not null,
      timestamp timestamp not null,
      properties json,
      source_file varchar,
      source_row bigint
    );
    create table if not exists quarantine (
      source_file varchar,
      source_row bigint,
      reason varchar,
      raw varchar
    );
  `);
}
