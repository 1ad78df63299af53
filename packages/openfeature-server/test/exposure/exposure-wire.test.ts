// Issue 7: exposures and tracked events on the wire, through the real OpenFeature server SDK and
// the real posthog-node, to a capture server on 127.0.0.1; fixed clock, fixed ids.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RollgateProvider, accountingHolds, type ExposureOptions } from '@rollgate/openfeature-server';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { memoryLogger } from '../helpers/memory-logger.js';
import { domain, tempDir } from '../helpers/temp-dir.js';
import { FIXED_ISO, FIXED_NOW, fixedUuids, writeExperimentDocument } from './fixtures.js';

// posthog-node's exports hide package.json: read it beside the resolved entry point.
const POSTHOG_NODE_ENTRY = createRequire(import.meta.url).resolve('posthog-node');
const POSTHOG_NODE_VERSION = (JSON.parse(readFileSync(join(POSTHOG_NODE_ENTRY, '../../../package.json'), 'utf8')) as { version: string }).version;
/** What posthog-node itself adds to every event (its own extras; geoip is off on a server). */
const POSTHOG_EXTRAS = { $lib: 'posthog-node', $lib_version: POSTHOG_NODE_VERSION, $is_server: true, $geoip_disable: true };

let dir: ReturnType<typeof tempDir>;
let server: CaptureServer;

beforeEach(async () => {
  dir = tempDir();
  server = await startCaptureServer();
});

afterEach(async () => {
  await OpenFeature.close();
  await server.stop();
  dir.cleanup();
});

async function setup(exposure: Partial<ExposureOptions> = {}, extra: Partial<ConstructorParameters<typeof RollgateProvider>[0]> = {}) {
  const provider = new RollgateProvider({
    source: writeExperimentDocument(dir.path),
    env: {},
    logger: memoryLogger(),
    exposure: {
      sink: { kind: 'posthog', apiKey: 'phc_test_key', host: server.url },
      // Only close() sends, so a test sees one deterministic batch.
      flushIntervalMs: 60_000,
      now: () => FIXED_NOW,
      uuid: fixedUuids(),
      ...exposure,
    },
    ...extra,
  });
  const name = domain('exposure-wire');
  await OpenFeature.setProviderAndWait(name, provider);
  return { provider, client: OpenFeature.getClient(name) };
}

function exposure(uuid: number, distinctId: string, variant: string) {
  return {
    event: '$feature_flag_called',
    distinct_id: distinctId,
    timestamp: FIXED_ISO,
    uuid: `00000000-0000-4000-8000-${String(uuid).padStart(12, '0')}`,
    properties: {
      $feature_flag: 'cta',
      $feature_flag_response: variant,
      '$feature/cta': variant,
      $feature_flag_reason: 'TARGETING_MATCH',
      $feature_flag_version: 4,
      $feature_flag_metadata: { version: 4 },
      ...POSTHOG_EXTRAS,
    },
  };
}

describe('issue 7: exposure hook through the real SDK, PostHog batch on the wire', () => {
  it('records every arm (control included) once per (flag, variant, distinct id), and track carries the variants seen', async () => {
    const { provider, client } = await setup();
    // Each unit renders the call-to-action twice: one exposure each.
    for (let i = 0; i < 2; i += 1) {
      expect(await client.getStringValue('cta', 'none', { targetingKey: 'u-control' })).toBe('button');
      expect(await client.getStringValue('cta', 'none', { targetingKey: 'u-test' })).toBe('card');
    }
    // Code that reads a flag without showing anything opts out: no exposure, no attribution.
    expect(await client.getNumberValue('max-retries', 0, { targetingKey: 'u-test' }, { hookHints: { exposure: false } })).toBe(2);
    client.track('instance_created', { targetingKey: 'u-test' }, { value: 1, plan: 'pro' });
    client.track('instance_created', { targetingKey: 'u-control' });

    await OpenFeature.close();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/batch/');
    expect(request!.headers['content-encoding']).toBe('gzip');
    expect(request!.body.sent_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/); // posthog-node's own clock
    expect({ ...request!.body, sent_at: 'ignored' }).toEqual({
      api_key: 'phc_test_key',
      sent_at: 'ignored',
      batch: [
        exposure(1, 'u-control', 'button'),
        exposure(2, 'u-test', 'card'),
        {
          event: 'instance_created',
          distinct_id: 'u-test',
          timestamp: FIXED_ISO,
          uuid: '00000000-0000-4000-8000-000000000003',
          properties: { value: 1, plan: 'pro', '$feature/cta': 'card', $active_feature_flags: ['cta'], ...POSTHOG_EXTRAS },
        },
        {
          event: 'instance_created',
          distinct_id: 'u-control',
          timestamp: FIXED_ISO,
          uuid: '00000000-0000-4000-8000-000000000004',
          properties: { '$feature/cta': 'button', $active_feature_flags: ['cta'], ...POSTHOG_EXTRAS },
        },
      ],
    });
    const stats = provider.exposure!.stats;
    expect(stats).toMatchObject({ produced: 6, deduplicated: 2, delivered: 4, tracked: 2, optedOut: 1, dropped: 0, failed: 0, lost: 0, pending: 0 });
    expect(accountingHolds(stats)).toBe(true);
  });

  it('attributes a context without a targeting key to the install id (one distinct id for flags and telemetry)', async () => {
    const { client } = await setup({}, { installId: 'install-0b5d6c7e' });
    await client.getStringValue('cta', 'none');
    client.track('setup_finished', {});
    await OpenFeature.close();
    const batch = server.accepted();
    expect(batch.map((e) => [e['event'], e['distinct_id']])).toEqual([
      ['$feature_flag_called', 'install-0b5d6c7e'],
      ['setup_finished', 'install-0b5d6c7e'],
    ]);
    expect((batch[1]!['properties'] as Record<string, unknown>)['$feature/cta']).toBe('button');
  });

  it('retries a failed batch with the same uuids (idempotent downstream) and the app never sees an error', async () => {
    server.respondWith((index) => (index === 0 ? 500 : 200));
    const { provider, client } = await setup({ flushIntervalMs: 0, backoff: { initialMs: 5, maxMs: 5 } });
    const details = await client.getStringDetails('cta', 'none', { targetingKey: 'u-test' });
    expect(details).toMatchObject({ value: 'card', variant: 'card' });
    expect(details.errorCode).toBeUndefined();
    await provider.exposure!.flush();
    expect(server.requests.map((r) => r.status)).toEqual([500, 200]);
    const uuids = server.requests.map((r) => r.body.batch.map((e) => e['uuid']));
    expect(uuids[0]).toEqual(['00000000-0000-4000-8000-000000000001']);
    expect(uuids[1]).toEqual(uuids[0]);
    expect(provider.exposure!.stats).toMatchObject({ produced: 1, delivered: 1, retries: 1, failed: 0 });
  });

  it('exposes nothing for an error answer, a user override or the kill switch', async () => {
    const { provider, client } = await setup({}, { overrides: { 'max-retries': 7 } });
    expect(await client.getStringValue('missing-flag', 'fallback', { targetingKey: 'u1' })).toBe('fallback');
    expect(await client.getBooleanValue('cta', false, { targetingKey: 'u1' })).toBe(false); // TYPE_MISMATCH
    expect(await client.getNumberValue('max-retries', 0, { targetingKey: 'u1' })).toBe(7); // the user's choice
    await OpenFeature.close();
    expect(server.requests).toHaveLength(0);
    expect(provider.exposure!.stats).toMatchObject({ produced: 0, skipped: 3 });

    const disabled = new RollgateProvider({
      source: writeExperimentDocument(dir.path),
      env: { ROLLGATE_DISABLED: '1' },
      exposure: { sink: { kind: 'posthog', apiKey: 'phc_test_key', host: server.url } },
    });
    expect(disabled.exposure).toBeUndefined();
    expect(disabled.hooks).toHaveLength(0);
  });
});
