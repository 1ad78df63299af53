import { stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../errors/input-error.js';
import { sqlLiteral } from './sql-literal.js';

const GLOB_CHARS = /[*?[]/;

/**
 * Expands globs (DuckDB's glob(), so `**` works the same as in the DuckDB CLI) and checks plain
 * paths exist. Order: arguments in the order given, each glob's matches sorted; a file named
 * twice is read once. A glob that matches nothing or a missing file is an InputError naming it.
 */
export async function resolveEventPaths(conn: DuckDBConnection, patterns: readonly string[]): Promise<string[]> {
  if (patterns.length === 0) throw new InputError('no events files given');
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  for (const pattern of patterns) {
    if (GLOB_CHARS.test(pattern)) {
      const reader = await conn.runAndReadAll(`select file from glob(${sqlLiteral(pattern)}) order by file`);
      const matches = reader.getRowObjectsJS().map((row) => String(row['file']));
      if (matches.length === 0) throw new InputError(`events: no files match '${pattern}'`);
      matches.forEach(add);
    } else {
      let info;
      try {
        info = await stat(pattern);
      } catch {
        throw new InputError(`events: file not found: ${pattern}`);
      }
      if (!info.isFile()) throw new InputError(`events: not a file: ${pattern}`);
      add(pattern);
    }
  }
  return files;
}
