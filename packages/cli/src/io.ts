// The process boundary a command sees, passed in so every command runs in-process in tests.
import type { Readable } from 'node:stream';

/** A text sink with Node's backpressure protocol (`write` returns false -> wait for 'drain'). */
export interface TextWriter {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** Everything a command may touch outside its arguments. */
export interface Io {
  readonly stdout: TextWriter;
  readonly stderr: TextWriter;
  /** Read only by commands that accept `-` for a file. */
  readonly stdin: Readable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative file arguments resolve against this, not `process.cwd()`. */
  readonly cwd: string;
}

/** The real process, for the bin. */
export function processIo(): Io {
  // `rollgate eval --requests big.jsonl | head` closes the pipe early: stop quietly, like
  // Unix tools do on SIGPIPE, instead of dying with an EPIPE stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Writes `chunk` and resolves once the sink can take more (honours backpressure). */
export function writeWithBackpressure(out: TextWriter, chunk: string): Promise<void> | undefined {
  if (out.write(chunk)) return undefined;
  return new Promise((resolve) => {
    out.once('drain', resolve);
  });
}
