// Issue 7: closing the provider flushes exposures, with a timeout; what could not be sent is counted.
import { OpenFeature } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RollgateProvider, accountingHolds, type ExposureOptions } from '@rollgate/openfeature-server';
import { downUrl, startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { memoryLogger } from '../helpers/memory-logger.js';
import { domain, eventually, tempDir } from '../helpers/temp-dir.js';
import { FIXED_NOW, fixedUuids, writeExperimentDocument } from './fixtures.js';

let dir: ReturnType<typeof tempDir>;
let server: CaptureServer | undefined;

beforeEach(() => {
  dir = tempDir();
});

afterEach(async () => {
  await OpenFeature.close();
  await server?.stop();
  server = undefined;
  dir.cleanup();
});

const UNITS = 250;

async function exposeUnits(host: string, exposure: Partial<ExposureOptions>) {
  const logger = memoryLogger();
  const provider = new RollgateProvider({
    source: writeExperimentDocument(dir.path),
    env: {},
    logger,
    exposure: { sink: { kind: 'posthog', apiKey: 'phc_test_key', host }, flushIntervalMs: 60_000, now: () => FIXED_NOW, uuid: fixedUuids(), ...exposure },
  });
  const name = domain('exposure-shutdown');
  await OpenFeature.setProviderAndWait(name, provider);
  const client = OpenFeature.getClient(name);
  for (let i = 0; i < UNITS; i += 1) await client.getStringValue('cta', 'none', { targetingKey: `unit-${i}` });
  return { provider, logger };
}

describe('issue 7: graceful shutdown', () => {
  it('with the capture server up, closing the provider loses nothing (every uuid arrives once)', async () => {
    server = await startCaptureServer();
    const { provider } = await exposeUnits(server.url, { batchSize: 100 });
    // Full batches may already be on their way; the partial one waits for close (interval: a minute).
    await OpenFeature.close();
    const uuids = server.accepted().map((e) => e['uuid']);
    expect(uuids).toHaveLength(UNITS);
    expect(new Set(uuids).size).toBe(UNITS);
    expect(server.requests.map((r) => r.body.batch.length)).toEqual([100, 100, 50]);
    expect(provider.exposure!.stats).toMatchObject({ produced: UNITS, delivered: UNITS, lost: 0, failed: 0, pending: 0 });
  });

  it('with the capture server down, close returns within its timeout and reports how many were lost', async () => {
    const { provider, logger } = await exposeUnits(await downUrl(), {
      batchSize: 1000, // nothing leaves before close: every record meets the deadline
      closeTimeoutMs: 300,
      maxRetries: 100, // keeps retrying until the deadline: what is left is lost, not failed
      backoff: { initialMs: 20, maxMs: 20 },
    });
    void provider.exposure!.flush();
    await eventually(() => provider.exposure!.stats.retries >= 1); // the batch has failed once and is retrying
    const report = await provider.exposure!.close();
    expect(report).toEqual({ delivered: 0, failed: 0, lost: UNITS, timedOut: true });
    const stats = provider.exposure!.stats;
    expect(stats).toMatchObject({ produced: UNITS, delivered: 0, lost: UNITS, pending: 0 });
    expect(accountingHolds(stats)).toBe(true);
    expect(stats.lastError).toMatch(/^posthog: /);
    // One warning for the outage, not one per attempt.
    expect(logger.lines.filter((l) => l.level === 'warn' && l.text.includes('exposure sink failed'))).toHaveLength(1);
  });

  it('with a capture host that never answers, close aborts the request in flight (a CLI is not held) and counts it lost', async () => {
    server = await startCaptureServer();
    server.respondWith(0);
    const sink = { kind: 'posthog' as const, apiKey: 'phc_test_key', host: server.url, requestTimeoutMs: 60_000 };
    const { provider } = await exposeUnits(server.url, { sink, closeTimeoutMs: 300, batchSize: 100 });
    void provider.exposure!.flush();
    await eventually(() => server!.requests.length === 1); // the first batch is on the wire, unanswered
    const report = await provider.exposure!.close();
    expect(report).toEqual({ delivered: 0, failed: 0, lost: UNITS, timedOut: true });
    // Well before posthog-node's own request timeout (a minute here).
    await eventually(() => server!.abandoned === 1, 3_000);
    expect(server.requests).toHaveLength(1);
  });

  it('with the capture server down and few retries, records are counted failed and close still settles', async () => {
    const { provider } = await exposeUnits(await downUrl(), { closeTimeoutMs: 5_000, maxRetries: 0 });
    await OpenFeature.close();
    const stats = provider.exposure!.stats;
    expect(stats).toMatchObject({ produced: UNITS, delivered: 0, failed: UNITS, lost: 0, pending: 0, retries: 0 });
    expect(accountingHolds(stats)).toBe(true);
  });
});
