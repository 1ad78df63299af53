// Line-by-line transformation of a text stream with bounded memory on both sides:
// input is pulled one chunk at a time, and output waits for 'drain' when the reader is slow.
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { writeWithBackpressure, type TextWriter } from '../io.js';

/** Options of `mapLines`, with their defaults. */
export interface MapLinesOptions {
  /**
   * Longest accepted line, in UTF-16 code units. A longer line is not buffered further: it is
   * reported through `onOverlong` and skipped, so one missing newline cannot exhaust memory.
   * Default 8 MiB.
   */
  maxLineLength?: number;
}

/** True for an empty or all-whitespace line; stops at the first other character (no copy). */
function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff && c !== 0xa0) return false;
  }
  return true;
}

/** Maps a line (1-based number) to its output line, or `undefined` to emit nothing. */
export type LineMapper = (line: string, lineNumber: number) => string | undefined;

/**
 * Streams `input` line by line through `map` into `out`, one output line per returned string,
 * in input order. Blank lines are skipped (they produce nothing); `\r\n` endings are accepted.
 * `onOverlong(lineNumber)` supplies the output for a line over the length limit.
 * Resolves to the number of lines read (blank ones included).
 */
export async function mapLines(
  input: Readable,
  out: TextWriter,
  map: LineMapper,
  onOverlong: (lineNumber: number, limit: number) => string,
  options: MapLinesOptions = {},
): Promise<number> {
  const limit = options.maxLineLength ?? 8 * 1024 * 1024;
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let skippingOverlong = false;
  let lineNumber = 0;
  let batch: string[] = [];

  const emit = (line: string): void => {
    lineNumber += 1;
    let trimmed = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
    // A UTF-8 byte-order mark (files saved by some Windows editors) is not part of the JSON.
    if (lineNumber === 1 && trimmed.charCodeAt(0) === 0xfeff) trimmed = trimmed.slice(1);
    if (isBlank(trimmed)) return;
    const mapped = map(trimmed, lineNumber);
    if (mapped !== undefined) batch.push(mapped);
  };

  const consume = (text: string): void => {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      if (skippingOverlong) {
        skippingOverlong = false; // the overlong line ends here; it was already reported
      } else {
        emit(carry.length > 0 ? carry + text.slice(start, nl) : text.slice(start, nl));
      }
      carry = '';
      start = nl + 1;
    }
    if (skippingOverlong) return;
    carry += text.slice(start);
    if (carry.length > limit) {
      lineNumber += 1;
      batch.push(onOverlong(lineNumber, limit));
      carry = '';
      skippingOverlong = true;
    }
  };

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const text = `${batch.join('\n')}\n`;
    batch = [];
    await writeWithBackpressure(out, text);
  };

  for await (const chunk of input) {
    consume(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    await flush();
  }
  consume(decoder.end());
  if (!skippingOverlong && carry.length > 0) emit(carry);
  await flush();
  return lineNumber;
}
