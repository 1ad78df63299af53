// Issue 7: the JSON-lines sink writes exactly what @rollgate/analysis loadEvents reads.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEvents, openDatabase } from '@rollgate/analysis';
import { JsonlFileSink, RollgateProvider, type CapturedEvent } from '@rollgate/openfeature-server';
import { memoryLogger } from '../helpers/memory-logger.js';
import { domain, tempDir } from '../helpers/temp-dir.js';
import { FIXED_ISO, FIXED_NOW, fixedUuids, writeExperimentDocument } from './fixtures.js';

let dir: ReturnType<typeof tempDir>;

beforeEach(() => {
  dir = tempDir();
});

afterEach(async () => {
  await OpenFeature.close();
  dir.cleanup();
});

async function provider(path: string) {
  const p = new RollgateProvider({
    source: writeExperimentDocument(dir.path, ['u2', 'u4']),
    env: {},
    logger: memoryLogger(),
    exposure: { sink: { kind: 'file', path }, now: () => FIXED_NOW, uuid: fixedUuids(), batchSize: 3, flushIntervalMs: 60_000, backoff: { initialMs: 10, maxMs: 10 } },
  });
  const name = domain('exposure-jsonl');
  await OpenFeature.setProviderAndWait(name, p);
  return { p, client: OpenFeature.getClient(name) };
}

describe('issue 7: JSON-lines sink', () => {
  it('writes one line per record in the shape loadEvents ingests with nothing quarantined', async () => {
    const path = join(dir.path, 'events', 'exposures.jsonl');
    const { p, client } = await provider(path);
    for (const unit of ['u1', 'u2', 'u3', 'u4', 'u1']) await client.getStringValue('cta', 'none', { targetingKey: unit });
    client.track('instance_created', { targetingKey: 'u2' }, { value: 1 });
    await OpenFeature.close();
    expect(p.exposure!.stats).toMatchObject({ produced: 6, deduplicated: 1, delivered: 5, pending: 0 });

    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[0]!)).toEqual({
      uuid: '00000000-0000-4000-8000-000000000001',
      event: '$feature_flag_called',
      distinct_id: 'u1',
      timestamp: FIXED_ISO,
      properties: {
        $feature_flag: 'cta',
        $feature_flag_response: 'button',
        '$feature/cta': 'button',
        $feature_flag_reason: 'TARGETING_MATCH',
        $feature_flag_version: 4,
        $feature_flag_metadata: { version: 4 },
      },
    });

    const db = await openDatabase();
    try {
      const report = await loadEvents(db, [path]);
      expect(report).toMatchObject({ inputRows: 5, ingested: 5, quarantined: 0, added: 5 });
      const reader = await db.connection.runAndReadAll(
        `select event, distinct_id, timestamp::varchar as ts,
                properties ->> '$."$feature_flag_response"' as variant,
                properties ->> '$."$feature/cta"' as attributed
         from events order by uuid`,
      );
      expect(reader.getRowObjectsJson()).toEqual([
        { event: '$feature_flag_called', distinct_id: 'u1', ts: '2025-11-21 04:40:00', variant: 'button', attributed: 'button' },
        { event: '$feature_flag_called', distinct_id: 'u2', ts: '2025-11-21 04:40:00', variant: 'card', attributed: 'card' },
        { event: '$feature_flag_called', distinct_id: 'u3', ts: '2025-11-21 04:40:00', variant: 'button', attributed: 'button' },
        { event: '$feature_flag_called', distinct_id: 'u4', ts: '2025-11-21 04:40:00', variant: 'card', attributed: 'card' },
        { event: 'instance_created', distinct_id: 'u2', ts: '2025-11-21 04:40:00', variant: null, attributed: 'card' },
      ]);
    } finally {
      db.close();
    }
  });

  it('a file that cannot be written is retried and counted failed; evaluations are unaffected', async () => {
    // The path is a directory: every open fails.
    const { p, client } = await provider(dir.path);
    const details = await client.getStringDetails('cta', 'none', { targetingKey: 'u2' });
    expect(details.value).toBe('card');
    expect(details.errorCode).toBeUndefined();
    await OpenFeature.close();
    expect(p.exposure!.stats).toMatchObject({ produced: 1, delivered: 0, failed: 1, lost: 0, retries: 3, pending: 0 });
    expect(p.exposure!.stats.lastError).toMatch(/^file: .*EISDIR/);
  });

  it('a write torn by a failure is quarantined on its own line; the retried batch loads once', async () => {
    const path = join(dir.path, 'torn.jsonl');
    const sink = new JsonlFileSink({ path });
    const record = (n: number): CapturedEvent => ({
      uuid: `r-${n}`,
      event: '$feature_flag_called',
      distinctId: `u${n}`,
      timestamp: FIXED_ISO,
      properties: { $feature_flag: 'cta', $feature_flag_response: 'card' },
    });
    const batch = [record(1), record(2)];
    // The disk fails half-way through the batch: half a line reaches the file, then an error.
    const real = (sink as unknown as { open: () => Promise<unknown> }).open.bind(sink);
    (sink as unknown as { open: () => Promise<unknown> }).open = async () => ({
      appendFile: async (text: string) => {
        appendFileSync(path, text.slice(0, 40));
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
      close: async () => undefined,
    });
    await expect(sink.send(batch)).rejects.toThrow(/ENOSPC/);
    (sink as unknown as { open: () => Promise<unknown> }).open = real;
    await sink.send(batch); // the retry: same uuids
    await sink.close();

    const db = await openDatabase();
    try {
      const report = await loadEvents(db, [path]);
      expect(report).toMatchObject({ inputRows: 3, quarantined: 1, ingested: 2, added: 2 });
      expect(report.quarantineReasons).toEqual({ 'malformed JSON': 1 });
    } finally {
      db.close();
    }
  });
});
