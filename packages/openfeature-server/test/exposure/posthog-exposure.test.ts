// Exposures of PostHog flags carry PostHog's own value, as posthog-node sends it in
// `$feature_flag_called`: `$feature_flag_response` (and `$feature/<key>`) is `false` (a JSON
// boolean) when no condition matched, `true` for a boolean flag that matched, else the variant key;
// never the caller's default. Through the real OpenFeature SDK, a posthog-local source on
// 127.0.0.1 and the real posthog-node sending to a capture server on 127.0.0.1.
import { OpenFeature } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentCache, PosthogLocalSource, RollgateProvider, textHash } from '@rollgate/openfeature-server';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { startFlagServer, type FlagServer } from '../helpers/flag-server.js';
import { memoryLogger } from '../helpers/memory-logger.js';
import { domain, tempDir } from '../helpers/temp-dir.js';
import { FIXED_NOW, fixedUuids } from './fixtures.js';

const proOnly = [{ key: 'plan', operator: 'exact', value: ['pro'], type: 'person' }];
const DEFINITIONS = {
  flags: [
    {
      id: 1,
      key: 'cta',
      active: true,
      filters: {
        groups: [{ properties: proOnly, rollout_percentage: 100 }],
        multivariate: { variants: [{ key: 'control', rollout_percentage: 50 }, { key: 'test', rollout_percentage: 50 }] },
      },
    },
    {
      id: 3,
      key: 'retired',
      active: false,
      filters: {
        groups: [{ properties: [], rollout_percentage: 100 }],
        multivariate: { variants: [{ key: 'control', rollout_percentage: 50 }, { key: 'test', rollout_percentage: 50 }] },
      },
    },
    {
      id: 2,
      key: 'beta',
      active: true,
      filters: { groups: [{ properties: proOnly, rollout_percentage: 100 }], payloads: { true: '{"tier":"gold"}' } },
    },
  ],
  group_type_mapping: {},
  cohorts: {},
};

let flags: FlagServer;
let capture: CaptureServer;
let dir: ReturnType<typeof tempDir>;

beforeEach(async () => {
  flags = await startFlagServer({ kind: 'json', body: JSON.stringify(DEFINITIONS) });
  capture = await startCaptureServer();
  dir = tempDir();
});

afterEach(async () => {
  await OpenFeature.close();
  await capture.stop();
  await flags.close();
  dir.cleanup();
});

const source = () => ({ kind: 'posthog-local', projectKey: 'phc_project', secureKey: 'phs_secret', host: new URL(flags.url).origin });

async function setup() {
  const provider = new RollgateProvider({
    source: source(),
    env: {},
    cacheDir: dir.path,
    logger: memoryLogger(),
    exposure: {
      sink: { kind: 'posthog', apiKey: 'phc_test_key', host: capture.url },
      flushIntervalMs: 60_000,
      now: () => FIXED_NOW,
      uuid: fixedUuids(),
    },
  });
  const name = domain('posthog-exposure');
  await OpenFeature.setProviderAndWait(name, provider);
  return Object.assign(OpenFeature.getClient(name), { provider });
}

/** `[distinct id, flag, $feature_flag_response, $feature/<flag>]` of every exposure sent. */
function responses(): unknown[][] {
  return capture
    .accepted()
    .filter((e) => e['event'] === '$feature_flag_called')
    .map((e) => {
      const p = e['properties'] as Record<string, unknown>;
      const key = p['$feature_flag'] as string;
      return [e['distinct_id'], key, p['$feature_flag_response'], p[`$feature/${key}`]];
    });
}

describe('exposures of PostHog flags carry the value posthog-node sends', () => {
  it('a multivariate flag that matches no condition is exposed as false, whatever default the caller passed', async () => {
    const client = await setup();
    expect(await client.getStringValue('cta', 'control', { targetingKey: 'u-free', plan: 'free' })).toBe('control');
    expect(await client.getStringValue('cta', 'false', { targetingKey: 'u-free-2', plan: 'free' })).toBe('false');
    const variant = await client.getStringValue('cta', 'none', { targetingKey: 'u-pro', plan: 'pro' });
    expect(['control', 'test']).toContain(variant);
    client.track('signed_up', { targetingKey: 'u-free' });
    await OpenFeature.close();
    expect(responses()).toEqual([
      ['u-free', 'cta', false, false],
      ['u-free-2', 'cta', false, false],
      ['u-pro', 'cta', variant, variant],
    ]);
    const tracked = capture.accepted().find((e) => e['event'] === 'signed_up')!['properties'] as Record<string, unknown>;
    expect(tracked['$feature/cta']).toBe(false);
    expect(tracked['$active_feature_flags']).toEqual([]);
  });

  it('a boolean flag read for its payload is exposed as the boolean, not its spelling', async () => {
    const client = await setup();
    expect(await client.getObjectValue('beta', {}, { targetingKey: 'u-pro', plan: 'pro' })).toEqual({ tier: 'gold' });
    expect(await client.getObjectValue('beta', { none: true }, { targetingKey: 'u-free', plan: 'free' })).toEqual({ none: true });
    await OpenFeature.close();
    expect(responses()).toEqual([
      ['u-pro', 'beta', true, true],
      ['u-free', 'beta', false, false],
    ]);
  });

  it('an inactive flag exposes nothing, also when its definitions are served from the disk cache (reason CACHED)', async () => {
    const text = JSON.stringify(DEFINITIONS);
    const local = new PosthogLocalSource(source());
    await new DocumentCache(dir.path, local.kind, local.cacheKey).write({ sourceId: local.id, fetchedAt: Date.now() - 60_000, hash: textHash(text), text });
    const client = await setup();
    const details = await client.getStringDetails('retired', 'control', { targetingKey: 'u1' });
    expect(details).toMatchObject({ value: 'control', reason: 'CACHED', flagMetadata: { 'rollgate.reason': 'DISABLED' } });
    expect(flags.requests).toHaveLength(0);
    await OpenFeature.close();
    expect(responses()).toEqual([]);
    expect(client.provider.exposure!.stats).toMatchObject({ produced: 0, skipped: 1 });
  });
});
