// An in-memory Io for running commands in-process: captured stdout/stderr, scripted stdin.
import { Readable, Writable } from 'node:stream';
import type { Io, TextWriter } from '../../src/io.js';

export interface MemoryIo extends Io {
  /** Everything written to stdout so far. */
  out(): string;
  /** Everything written to stderr so far. */
  err(): string;
  /** stdout split into lines (the trailing newline does not make an empty last line). */
  outLines(): string[];
}

export interface MemoryIoOptions {
  /** stdin content: a string, or any readable (e.g. a generator-backed stream). Default empty. */
  stdin?: string | Readable;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** stdout's highWaterMark in bytes; small values exercise backpressure. Default 16 KiB. */
  stdoutHighWaterMark?: number;
}

function collector(highWaterMark: number): { stream: TextWriter; text: () => string } {
  const chunks: string[] = [];
  // The Writable only simulates a slow reader (write() => false past highWaterMark, then
  // 'drain'); text is captured as written, so nothing is lost when a command returns while
  // the simulated reader still lags.
  const sink = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(_chunk: string | Buffer, _encoding, callback) {
      setImmediate(callback);
    },
  });
  const stream: TextWriter = {
    write(chunk: string) {
      chunks.push(chunk);
      return sink.write(chunk);
    },
    once(event: 'drain', listener: () => void) {
      return sink.once(event, listener);
    },
  };
  return { stream, text: () => chunks.join('') };
}

export function memoryIo(options: MemoryIoOptions = {}): MemoryIo {
  const stdout = collector(options.stdoutHighWaterMark ?? 16 * 1024);
  const stderr = collector(16 * 1024);
  const stdin = typeof options.stdin === 'string' || options.stdin === undefined ? Readable.from([options.stdin ?? '']) : options.stdin;
  return {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    out: stdout.text,
    err: stderr.text,
    outLines: () => {
      const text = stdout.text();
      return text === '' ? [] : text.replace(/\n$/, '').split('\n');
    },
  };
}
