import { createReadStream } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { UTF8_BOM } from './count-input-rows.js';

const NEWLINE = 10;
const CR = 13;

/**
 * Streams a text file into a temp table `(source_row bigint, line varchar, bad_utf8 boolean)`, one
 * row per line split on "\n" only (a trailing "\r" is dropped), numbered from 1, blank lines
 * (spaces, tabs, "\r" only) left out as they are everywhere else. Memory stays bounded whatever the
 * file size, unlike DuckDB's read_text, which holds the whole file in one string (and stops at 4
 * GiB). A line that is not valid UTF-8 is kept with `bad_utf8` set, its text decoded with U+FFFD
 * in place of the bad bytes (for the quarantine's raw text): never silently altered and stored.
 * Returns the number of rows appended.
 */
export async function streamLinesIntoTable(conn: DuckDBConnection, path: string, table: string): Promise<number> {
  await conn.run(`create or replace temp table ${table} (source_row bigint, line varchar, bad_utf8 boolean)`);
  const appender = await conn.createAppender(table, 'main', 'temp');
  // (ignoreBOM: a decoder that strips a BOM would strip it from every line, since each line is
  // decoded on its own; the one BOM that is a mark, at the start of the file, is dropped below)
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
  let lineNumber = 0;
  let appended = 0;
  const emit = (bytes: Buffer) => {
    lineNumber++;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === CR) end--;
    let blank = true;
    for (let i = 0; i < end && blank; i++) {
      const b = bytes[i]!;
      if (b !== 32 && b !== 9 && b !== CR) blank = false;
    }
    if (blank) return;
    const content = bytes.subarray(0, end);
    let text: string;
    let bad = false;
    try {
      text = decoder.decode(content);
    } catch {
      text = lenient.decode(content);
      bad = true;
    }
    appender.appendBigInt(BigInt(lineNumber));
    appender.appendVarchar(text);
    appender.appendBoolean(bad);
    appender.endRow();
    appended++;
  };
  try {
    let carry: Buffer | undefined;
    let first = true;
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      const buffer = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
      let start = 0;
      if (first) {
        first = false;
        if (buffer.subarray(0, 3).equals(UTF8_BOM)) start = 3;
      }
      let newline = buffer.indexOf(NEWLINE, start);
      while (newline !== -1) {
        emit(buffer.subarray(start, newline));
        start = newline + 1;
        newline = buffer.indexOf(NEWLINE, start);
      }
      carry = start < buffer.length ? Buffer.from(buffer.subarray(start)) : undefined;
    }
    if (carry !== undefined) emit(carry);
  } finally {
    appender.closeSync();
  }
  return appended;
}
