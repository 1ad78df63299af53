import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../errors/input-error.js';

/** An open DuckDB database with one connection; close it when done. */
export interface AnalysisDb {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  /** The database file, or ':memory:'. */
  readonly path: string;
  close(): void;
}

export interface OpenDatabaseOptions {
  /** DuckDB `threads` setting. Default: DuckDB's own (the number of cores). */
  threads?: number;
  /** DuckDB `memory_limit`, e.g. '2GB'. Default: DuckDB's own (80% of RAM). */
  memoryLimit?: string;
}

/**
 * Opens (or creates) a DuckDB database for analysis. In memory by default; pass a file path to
 * keep the loaded events between runs (`rollgate analyze --db FILE`).
 */
export async function openDatabase(path?: string, options: OpenDatabaseOptions = {}): Promise<AnalysisDb> {
  const target = path === undefined || path === '' ? ':memory:' : path;
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config['threads'] = String(options.threads);
  if (options.memoryLimit !== undefined) config['memory_limit'] = options.memoryLimit;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(target, config);
  } catch (cause) {
    throw new InputError(`cannot open database ${target}: ${(cause as Error).message}`, { cause });
  }
  const connection = await instance.connect();
  // Timestamps without an offset are read as UTC, never as the machine's local time.
  await connection.run("set TimeZone = 'UTC'");
  return {
    instance,
    connection,
    path: target,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
