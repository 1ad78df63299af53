// Appends records as JSON lines in the shape `@rollgate/analysis` `loadEvents` reads directly.
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CapturedEvent, ExposureSink } from './exposure-sink.js';

export interface JsonlFileSinkOptions {
  /** The file to append to (created, with its directory, when missing). Required. */
  path: string;
  /** fsync after every batch, so a machine crash loses at most the batch being written. Default false. */
  fsync?: boolean;
}

/**
 * One line per record: `{"uuid","event","distinct_id","timestamp","properties"}` (ISO 8601 UTC
 * timestamp), which `loadEvents` ingests as `events` rows. Appends only. After a failed write the
 * next batch starts on a fresh line, so a torn line is quarantined on its own by the loader and
 * never glued to the retried one (the retry repeats the uuids; the loader keeps the first).
 */
export class JsonlFileSink implements ExposureSink {
  readonly name = 'file';
  private handle: FileHandle | undefined;
  private freshLine = false;

  constructor(private readonly options: JsonlFileSinkOptions) {}

  async send(batch: readonly CapturedEvent[]): Promise<void> {
    if (batch.length === 0) return;
    let text = this.freshLine ? '\n' : '';
    for (const record of batch) text += `${jsonLine(record)}\n`;
    try {
      const handle = await this.open();
      await handle.appendFile(text, 'utf8');
      if (this.options.fsync) await handle.sync();
      this.freshLine = false;
    } catch (error) {
      this.freshLine = true;
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  private async open(): Promise<FileHandle> {
    if (this.handle === undefined) {
      await mkdir(dirname(this.options.path), { recursive: true });
      this.handle = await open(this.options.path, 'a');
    }
    return this.handle;
  }
}

/** The line for one record (snake_case `distinct_id`, as PostHog's own exports spell it). */
export function jsonLine(record: CapturedEvent): string {
  return JSON.stringify({
    uuid: record.uuid,
    event: record.event,
    distinct_id: record.distinctId,
    timestamp: record.timestamp,
    properties: record.properties,
  });
}
