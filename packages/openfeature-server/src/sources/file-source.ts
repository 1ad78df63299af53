// Definitions from a local file, reloaded when it changes.
import { watch, type FSWatcher } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { CompiledDocument, DefinitionIssue, Result } from '@rollgate/core';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { compileFlagdText } from './compile-flagd-text.js';
import type { DefinitionSource, LoadOutcome, LoadRequest } from './definition-source.js';

export interface FileSourceOptions {
  /** Path of the definitions file (relative paths resolve against the working directory). */
  path: string;
  /**
   * Stat poll interval in ms, the fallback when fs.watch misses an event (network file systems,
   * editors that replace the file). A poll is one `stat`; the file is read only when its
   * (inode, size, mtime) stamp changed. Default 2000.
   */
  pollIntervalMs?: number;
  /** Largest file accepted, in bytes. Default 10 MiB. */
  maxBytes?: number;
  /** Turns the file's text into a document. Default: flagd JSON (`compileFlagdText`). */
  compile?: (text: string) => Result<CompiledDocument, DefinitionIssue[]>;
}

export class FileSource implements DefinitionSource {
  readonly kind = 'file';
  readonly remote = false;
  readonly id: string;
  readonly cacheKey: string;
  readonly pollIntervalMs: number;
  readonly compile: (text: string) => Result<CompiledDocument, DefinitionIssue[]>;
  private readonly path: string;
  private readonly maxBytes: number;

  constructor(options: FileSourceOptions) {
    if (typeof options.path !== 'string' || options.path === '') {
      throw new InvalidOptionsError('file source path', 'must be a non-empty string');
    }
    this.path = resolve(options.path);
    this.id = `file:${this.path}`;
    this.cacheKey = this.id;
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.compile = options.compile ?? compileFlagdText;
  }

  async load(request: LoadRequest): Promise<LoadOutcome> {
    try {
      const before = await stat(this.path);
      if (!before.isFile()) return failed('NOT_A_FILE', `${this.path} is not a regular file`);
      const validator = stamp(before);
      if (validator === request.validator) return { status: 'not-modified' };
      if (before.size > this.maxBytes) {
        return failed('BODY_TOO_LARGE', `${this.path} is ${before.size} bytes, over the ${this.maxBytes}-byte limit`);
      }
      // Read through one handle and stamp that same handle, so the text and its validator always
      // belong to the same file even if it is replaced while we read.
      const handle = await open(this.path, 'r');
      try {
        const info = await handle.stat();
        if (info.size > this.maxBytes) {
          return failed('BODY_TOO_LARGE', `${this.path} is ${info.size} bytes, over the ${this.maxBytes}-byte limit`);
        }
        const text = await handle.readFile({ encoding: 'utf8', signal: request.signal });
        return { status: 'loaded', text, validator: stamp(info) };
      } finally {
        await handle.close();
      }
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      if (err.name === 'AbortError') return failed('ABORTED', `reading ${this.path} was aborted`);
      return failed(err.code ?? 'READ_ERROR', `cannot read ${this.path}: ${err.message}`);
    }
  }

  watch(onChange: () => void): () => void {
    // Watch the directory, not the file: an atomic replace (write temp + rename) gives the path a
    // new inode, which a watch on the old file would never report.
    const name = basename(this.path);
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(dirname(this.path), { persistent: false }, (_event, filename) => {
        if (filename === null || filename === name) onChange();
      });
      watcher.on('error', () => {
        // The directory went away or the platform gave up: the stat poll still covers changes.
        watcher?.close();
      });
    } catch {
      // fs.watch unsupported here (some containers, network file systems): polling covers it.
    }
    return () => watcher?.close();
  }
}

function stamp(info: { ino: number; size: number; mtimeMs: number }): string {
  return `${info.ino}:${info.size}:${info.mtimeMs}`;
}

function failed(code: string, message: string): LoadOutcome {
  return { status: 'failed', failure: { kind: 'transient', code, message } };
}
