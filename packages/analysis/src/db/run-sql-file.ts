import { readFile } from 'node:fs/promises';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { VARCHAR } from '@duckdb/node-api';
import { AnalysisError } from '../errors/analysis-error.js';
import { InputError } from '../errors/input-error.js';

/** One result row, column name -> JS value (BIGINT/HUGEINT become numbers, timestamps Dates). */
export type SqlRow = Record<string, unknown>;

/** A named parameter value. `null` binds as a NULL VARCHAR unless `types` says otherwise. */
export type SqlParam = string | number | boolean | null | bigint;

export interface RunSqlFileOptions {
  /** Explicit DuckDB types for some parameters (default: inferred from the JS value). */
  types?: Record<string, DuckDBType>;
}

/**
 * The `$names` a statement refers to, ignoring comments, string literals and quoted identifiers,
 * so that a `$x` mentioned in the header comment, or a JSON key such as `fields."$feature_flag"`,
 * is not mistaken for a parameter. One left-to-right pass, so a quote inside a comment (or
 * dashes inside a string) is read as what it is.
 */
export function sqlParameterNames(sql: string): string[] {
  const stripped = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"]|"")*"/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(match[1]!);
  return [...names];
}

/**
 * Runs one `notebooks-sql/*.sql` file (a single statement with named `$params`) and returns its
 * rows. The same file runs unchanged in the DuckDB CLI after `set variable`/`prepare`, which is
 * the point: the analyst can rerun exactly the query behind a number.
 *
 * Every `$param` the statement uses must be given (InputError naming the missing ones and the
 * file); parameters the statement does not use are ignored, so one parameter object can feed
 * several files.
 */
export async function runSqlFile(
  conn: DuckDBConnection,
  file: string | URL,
  params: Record<string, SqlParam> = {},
  options: RunSqlFileOptions = {},
): Promise<SqlRow[]> {
  let sql: string;
  try {
    sql = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InputError(`cannot read SQL file ${String(file)}: ${(cause as Error).message}`, { cause });
  }
  const names = sqlParameterNames(sql);
  const missing = names.filter((name) => !(name in params));
  if (missing.length > 0) {
    throw new InputError(`${String(file)}: missing parameter(s) ${missing.map((n) => `$${n}`).join(', ')}`);
  }
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType> = {};
  for (const name of names) {
    const value = params[name]!;
    values[name] = value;
    const explicit = options.types?.[name];
    if (explicit !== undefined) types[name] = explicit;
    else if (value === null) types[name] = VARCHAR;
  }
  try {
    const reader = names.length > 0 ? await conn.runAndReadAll(sql, values, types) : await conn.runAndReadAll(sql);
    return reader.getRowObjectsJS().map(normaliseRow);
  } catch (cause) {
    throw new AnalysisError('SQL_FAILED', `${String(file)}: ${(cause as Error).message}`, { cause });
  }
}

function normaliseRow(row: Record<string, unknown>): SqlRow {
  const out: SqlRow = {};
  for (const [key, value] of Object.entries(row)) out[key] = typeof value === 'bigint' ? Number(value) : value;
  return out;
}
