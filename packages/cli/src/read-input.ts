// Reading a file argument: relative to the Io's cwd, `-` for stdin, errors that name the path.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from './errors/input-error.js';
import type { Io } from './io.js';

/** Resolves a file argument against `io.cwd` (so in-process tests need no chdir). */
export function resolveInputPath(io: Io, file: string): string {
  return isAbsolute(file) ? file : resolve(io.cwd, file);
}

/** Reads all of a readable stream as UTF-8. */
export async function readStreamText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a whole text file named by a command-line argument (`what` says which, e.g. `--flags`).
 * Throws InputError FILE_NOT_FOUND / FILE_UNREADABLE naming the argument and the resolved path.
 */
export async function readTextInput(io: Io, file: string, what: string): Promise<string> {
  return stripBom(await readRawText(io, file, what));
}

/** A UTF-8 byte-order mark (some Windows editors write one) is not part of the document. */
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readRawText(io: Io, file: string, what: string): Promise<string> {
  if (file === '-') return readStreamText(io.stdin);
  const path = resolveInputPath(io, file);
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('FILE_NOT_FOUND', `${what}: file not found: ${path}`);
    if (code === 'EISDIR') throw new InputError('FILE_UNREADABLE', `${what}: is a directory, expected a file: ${path}`);
    const reason = err instanceof Error ? err.message : String(err);
    throw new InputError('FILE_UNREADABLE', `${what}: cannot read ${path}: ${reason}`);
  }
}
