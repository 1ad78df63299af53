import { createReadStream } from 'node:fs';
import { Utf8Check } from './utf8-check.js';

// Counts taken by reading the bytes in Node, independently of DuckDB's readers: JSON lines are
// counted exactly, so that a reader that skipped rows would show up as an accounting mismatch
// instead of a silent loss; CSV gets a bound (see countNonEmptyLines).

const NEWLINE = 10;
const CR = 13;

/**
 * The UTF-8 byte order mark. Only one at the very start of a file is a mark (dropped); anywhere
 * else it is a character of the line, as JSON sees it.
 */
export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function isBlankByte(byte: number): boolean {
  return byte === 32 || byte === 9 || byte === CR;
}

/** What scanJsonLines finds. */
export interface JsonLines {
  /**
   * Lines that contain anything besides spaces, tabs and carriage returns; a UTF-8 byte order mark
   * opening the file is not content (the readers drop it, see UTF8_BOM).
   */
  nonBlankLines: number;
  /**
   * The whole file is valid UTF-8. When it is not, DuckDB's read_text refuses the file whole, so
   * the loader streams it line by line instead and quarantines each line that is not.
   */
  validUtf8: boolean;
}

export async function scanJsonLines(path: string): Promise<JsonLines> {
  let count = 0;
  let nonBlank = false;
  let first = true;
  const utf8 = new Utf8Check();
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    utf8.push(chunk);
    let i = 0;
    if (first) {
      first = false;
      if (chunk.subarray(0, 3).equals(UTF8_BOM)) i = 3;
    }
    for (; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === NEWLINE) {
        if (nonBlank) count++;
        nonBlank = false;
      } else if (!isBlankByte(byte)) nonBlank = true;
    }
  }
  return { nonBlankLines: nonBlank ? count + 1 : count, validUtf8: utf8.end() };
}

/** What scanCsvLines finds. */
export interface CsvLines {
  /**
   * Lines holding anything besides line breaks, where a carriage return alone also ends a line (as
   * it does for DuckDB's CSV reader). Every CSV record starts on a line of its own, so a file has at
   * most this many records, header included, whatever its quoting: an upper bound on what a reader
   * may return, never a count of records (that needs the reader's own quoting rules, which DuckDB
   * sniffs per file; see addRejectedCsvRecords).
   */
  nonEmptyLines: number;
  /** Byte offsets of the lines that are empty ("\n" or "\r\n" alone), ascending. */
  emptyLineOffsets: number[];
}

export async function scanCsvLines(path: string): Promise<CsvLines> {
  let count = 0;
  let inLine = false;
  const emptyLineOffsets: number[] = [];
  let offset = 0;
  // offset of the current \n-line's start, and whether it held anything but a carriage return
  let lineStart = 0;
  let lineHasContent = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++, offset++) {
      const byte = chunk[i]!;
      if (byte === NEWLINE || byte === CR) {
        if (inLine) count++;
        inLine = false;
        if (byte === NEWLINE) {
          if (!lineHasContent) emptyLineOffsets.push(lineStart);
          lineStart = offset + 1;
          lineHasContent = false;
        }
      } else {
        inLine = true;
        lineHasContent = true;
      }
    }
  }
  return { nonEmptyLines: inLine ? count + 1 : count, emptyLineOffsets };
}
