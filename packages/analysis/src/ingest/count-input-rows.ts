import { createReadStream } from 'node:fs';

// Row counts taken by reading the bytes in Node, independently of DuckDB's readers, so that a
// reader that skipped rows would show up as an accounting mismatch instead of a silent loss.

const NEWLINE = 10;
const QUOTE = 34;

function isBlankByte(byte: number): boolean {
  return byte === 32 || byte === 9 || byte === 13;
}

/** Lines that contain anything besides spaces, tabs and carriage returns. */
export async function countNonBlankLines(path: string): Promise<number> {
  let count = 0;
  let nonBlank = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === NEWLINE) {
        if (nonBlank) count++;
        nonBlank = false;
      } else if (!isBlankByte(byte)) nonBlank = true;
    }
  }
  return nonBlank ? count + 1 : count;
}

/**
 * Non-blank CSV records after the header, where a newline inside double quotes (RFC 4180)
 * does not end a record.
 */
export async function countCsvRecords(path: string): Promise<number> {
  let count = 0;
  let nonBlank = false;
  let inQuotes = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === QUOTE) {
        inQuotes = !inQuotes;
        nonBlank = true;
      } else if (byte === NEWLINE && !inQuotes) {
        if (nonBlank) count++;
        nonBlank = false;
      } else if (!isBlankByte(byte)) nonBlank = true;
    }
  }
  if (nonBlank) count++;
  return Math.max(0, count - 1);
}
