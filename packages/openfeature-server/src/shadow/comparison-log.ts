// The JSON-lines comparison log: a bounded queue in front of one append in flight.
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '@openfeature/server-sdk';
import type { ComparisonRecord } from '@rollgate/core';
import { BoundedQueue } from '../exposure/bounded-queue.js';

/** What happened to every record handed to the log: `accepted = written + dropped + failed + pending`. */
export interface ComparisonLogStats {
  accepted: number;
  written: number;
  /** The queue was full (the disk is slower than the comparisons). */
  dropped: number;
  /** An append failed (disk full, permissions); these lines are lost, counted here. */
  failed: number;
  /** Still queued or being written. */
  pending: number;
}

const BATCH = 512;

/**
 * Appends records, never blocking the caller: `add` queues (or counts a drop) and returns; one
 * append runs at a time. After a failed append the next batch starts on a fresh line, so a torn
 * line stays on its own (the report counts it as a bad line) and never spoils the next record.
 */
export class ComparisonLog {
  readonly stats: ComparisonLogStats = { accepted: 0, written: 0, dropped: 0, failed: 0, pending: 0 };
  private readonly queue: BoundedQueue<ComparisonRecord>;
  private handle: FileHandle | undefined;
  private writing: Promise<void> | undefined;
  private freshLine = false;
  private closed = false;
  private warnedFailure = false;

  constructor(
    private readonly options: { path: string; capacity: number; fsync: boolean },
    private readonly logger: Logger,
  ) {
    this.queue = new BoundedQueue(options.capacity);
  }

  add(record: ComparisonRecord): void {
    this.stats.accepted += 1;
    if (this.closed || !this.queue.push(record)) {
      this.stats.dropped += 1;
      return;
    }
    this.stats.pending += 1;
    if (this.writing === undefined) this.writing = this.drain();
  }

  /** Resolves when every queued line has been written (or failed). */
  async flush(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
  }

  /** Stops accepting, waits up to `timeoutMs` for the queue, counts what is left as dropped. */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    const left = this.queue.clear();
    this.stats.dropped += left;
    this.stats.pending -= left;
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.take(BATCH);
        let text = this.freshLine ? '\n' : '';
        for (const record of batch) text += `${JSON.stringify(record)}\n`;
        try {
          if (this.handle === undefined) {
            await mkdir(dirname(this.options.path), { recursive: true });
            this.handle = await open(this.options.path, 'a');
          }
          await this.handle.appendFile(text, 'utf8');
          if (this.options.fsync) await this.handle.sync();
          this.freshLine = false;
          this.stats.written += batch.length;
        } catch (error) {
          this.freshLine = true;
          this.stats.failed += batch.length;
          const handle = this.handle;
          this.handle = undefined;
          await handle?.close().catch(() => undefined);
          if (!this.warnedFailure) {
            this.warnedFailure = true;
            this.logger.warn(`shadow comparison log ${this.options.path}: append failed (${(error as Error).message}); lost lines are counted in stats.log.failed`);
          }
        }
        this.stats.pending -= batch.length;
      }
    } finally {
      this.writing = undefined;
    }
  }
}
