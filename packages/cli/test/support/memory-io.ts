// An in-memory Io for running commands in-process: captured stdout/stderr, scripted stdin.
import { Readable, Writable } from 'node:stream';
import type { Io } from '../../src/io.js';

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

function collector(highWaterMark: number): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      // Complete asynchronously so a writer that ignores backpressure would see write() => false.
      setImmediate(callback);
    },
  });
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
