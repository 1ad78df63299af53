import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory for one test file's fixtures. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'rollgate-analysis-'));
}

export function writeLines(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

export function event(uuid: string, eventName: string, distinctId: string, timestamp: string, properties: object = {}): string {
  return JSON.stringify({ uuid, event: eventName, distinct_id: distinctId, timestamp, properties });
}
