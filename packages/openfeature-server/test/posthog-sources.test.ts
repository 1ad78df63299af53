// Issue 8: PostHog as a definitions source, local and remote evaluation, through the real
// OpenFeature server SDK, against a server on 127.0.0.1 that can be slow, down or return garbage.
import { existsSync, readFileSync } from 'node:fs';
import { OpenFeature, ProviderStatus } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compilePosthog, evaluatePosthog } from '@rollgate/core/posthog';
import { PosthogLocalSource, PosthogRemoteSource, RollgateProvider, createSource, type RollgateProviderOptions } from '@rollgate/openfeature-server';
import { deadPort, startFlagServer, type FlagServer } from './helpers/flag-server.js';
import { memoryLogger, type MemoryLogger } from './helpers/memory-logger.js';
import { domain, eventually, tempDir } from './helpers/temp-dir.js';

const definitions = readFileSync(new URL('../../core/test/posthog/fixtures/parity-definitions.json', import.meta.url), 'utf8');

/** A v2 `/flags` answer for one distinct id. */
function flagsResponse(variant: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    flags: {
      'fast-provision': { key: 'fast-provision', enabled: true, variant, reason: { code: 'condition_match', condition_index: 0 }, metadata: { id: 2, version: 4, payload: `{"steps":${variant === 'test' ? 2 : 5}}` } },
      'new-dashboard': { key: 'new-dashboard', enabled: true, variant: null, metadata: { id: 3 } },
      'old-flag': { key: 'old-flag', enabled: false, variant: null, metadata: { id: 4 } },
    },
    errorsWhileComputingFlags: false,
    requestId: 'req-1',
    ...extra,
  });
}

let server: FlagServer;
let dir: ReturnType<typeof tempDir>;
let logger: MemoryLogger;
const providers: RollgateProvider[] = [];

beforeEach(async () => {
  server = await startFlagServer({ kind: 'json', body: definitions, etag: '"d1"' });
  dir = tempDir();
  logger = memoryLogger();
});

afterEach(async () => {
  for (const p of providers.splice(0)) await p.onClose();
  await server.close();
  dir.cleanup();
});

const host = () => new URL(server.url).origin;

function provider(options: Partial<RollgateProviderOptions> & Pick<RollgateProviderOptions, 'source'>): RollgateProvider {
  const p = new RollgateProvider({ env: {}, cacheDir: dir.path, logger, backoff: { initialMs: 10, maxMs: 40, random: () => 0.5 }, ...options });
  providers.push(p);
  return p;
}

async function client(p: RollgateProvider) {
  const name = domain('posthog');
  await OpenFeature.setProviderAndWait(name, p);
  return OpenFeature.getClient(name);
}

describe('posthog-local: PostHog definitions evaluated in-process', () => {
  const local = () => ({ kind: 'posthog-local', projectKey: 'phc_project', secureKey: 'phs_secret', host: host() });

  it('fetches /flags/definitions with the project token and the secure key, and answers as PostHog buckets', async () => {
    const c = await client(provider({ source: local() }));
    expect(server.requests[0]!.url).toMatch(/^\/flags\/definitions\?token=phc_project&send_cohorts/);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer phs_secret');
    const compiled = compilePosthog(JSON.parse(definitions));
    if (!compiled.ok) throw new Error('fixture');
    for (const id of ['user-1', 'user-2', 'user-3', 'user-4']) {
      const expected = evaluatePosthog(compiled.value, 'fast-provision', { targetingKey: id }).value;
      expect(await c.getStringValue('fast-provision', 'none', { targetingKey: id })).toBe(expected);
      const rollout = evaluatePosthog(compiled.value, 'rollout-25', { targetingKey: id }).value;
      expect(await c.getBooleanValue('rollout-25', !rollout, { targetingKey: id })).toBe(rollout);
    }
  });

  it('never puts the secure key in the source id or the cache key (they reach logs and file names)', () => {
    const source = createSource(local());
    expect(source.id).not.toContain('phs_secret');
    expect(source.cacheKey).not.toContain('phs_secret');
    expect(source).toBeInstanceOf(PosthogLocalSource);
  });

  it('revalidates with If-None-Match; a 304 keeps the definitions', async () => {
    const p = provider({ source: local() });
    await client(p);
    await p.refresh();
    expect(server.requests[1]!.headers['if-none-match']).toBe('"d1"');
    expect(p.state.stats).toMatchObject({ applied: 1, notModified: 1 });
  });

  it('garbage from PostHog is rejected with its JSON path; the last good definitions keep serving', async () => {
    const p = provider({ source: local() });
    const c = await client(p);
    const before = await c.getStringValue('fast-provision', 'none', { targetingKey: 'user-9' });
    for (const body of ['<html>502 Bad Gateway</html>', '{"flags": {"not": "an array"}}', '{"flags": [{"key": "x", "active": "yes"}]}']) {
      server.behave({ kind: 'json', body });
      await p.refresh();
    }
    expect(p.state.stats).toMatchObject({ rejected: 3, applied: 1 });
    expect(logger.text('warn')).toMatch(/\$\.flags\[0\]\.active/);
    expect(await c.getStringValue('fast-provision', 'none', { targetingKey: 'user-9' })).toBe(before);
  });

  it('a rejected key (401) stops polling and reports ERROR; the last good definitions keep serving', async () => {
    const p = provider({ source: local() });
    const c = await client(p);
    const before = await c.getBooleanValue('rollout-25', false, { targetingKey: 'u' });
    server.behave({ kind: 'status', status: 401 });
    await p.refresh();
    await eventually(() => c.providerStatus === ProviderStatus.ERROR);
    expect(p.state.health).toBe('fatal');
    expect(await c.getBooleanDetails('rollout-25', !before, { targetingKey: 'u' })).toMatchObject({ value: before, reason: 'STALE' });
  });

  it('a flag local evaluation cannot decide answers the code default with an error naming the reason', async () => {
    const c = await client(provider({ source: local() }));
    expect(await c.getBooleanDetails('continuity', false, { targetingKey: 'u' })).toMatchObject({
      value: false, reason: 'ERROR', errorCode: 'GENERAL', errorMessage: expect.stringContaining('experience_continuity'),
    });
  });
});

describe('posthog-remote: variants for one distinct id, for apps holding only the project key', () => {
  const remote = (extra: Record<string, unknown> = {}) =>
    ({ kind: 'posthog-remote', projectKey: 'phc_project', distinctId: 'install-42', host: host(), personProperties: { plan: 'pro' }, ...extra });

  it('exposures and tracked events go to the distinct id PostHog evaluated for, not to an install id', async () => {
    server.behave({ kind: 'json', body: flagsResponse('test') });
    const path = `${dir.path}/exposures.jsonl`;
    const configHome = `${dir.path}/config`;
    const p = provider({
      source: remote(),
      appName: 'mycli',
      env: { XDG_CONFIG_HOME: configHome, HOME: dir.path },
      exposure: { sink: { kind: 'file', path } },
    });
    const c = await client(p);
    expect(await c.getStringValue('fast-provision', 'control')).toBe('test');
    c.track('setup_finished');
    expect(p.distinctId({})).toBe('install-42');
    await OpenFeature.clearProviders(c.metadata.domain);
    const records = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => [r.event, r.distinct_id])).toEqual([
      ['$feature_flag_called', 'install-42'],
      ['setup_finished', 'install-42'],
    ]);
    expect(records[1].properties['$feature/fast-provision']).toBe('test');
    expect(existsSync(configHome)).toBe(false);
  });

  it('POSTs /flags/?v=2 and serves the variant, the boolean and the payload (in flagMetadata)', async () => {
    server.behave({ kind: 'json', body: flagsResponse('test') });
    const c = await client(provider({ source: remote() }));
    expect(server.requests[0]!.url).toBe('/flags/?v=2');
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
    expect(await c.getStringDetails('fast-provision', 'control')).toMatchObject({
      value: 'test', variant: 'test', reason: 'TARGETING_MATCH',
      flagMetadata: { posthogFlagId: 2, posthogFlagVersion: 4, posthogPayload: '{"steps":2}', posthogDistinctId: 'install-42', posthogRequestId: 'req-1' },
    });
    expect(await c.getBooleanValue('new-dashboard', false)).toBe(true);
    expect(await c.getBooleanDetails('old-flag', true)).toMatchObject({ value: false, reason: 'DEFAULT' });
    expect(await c.getStringDetails('fast-provision', 'control', { targetingKey: 'someone-else' })).toMatchObject({ value: 'control', errorCode: 'GENERAL' });
  });

  it('caches per distinct id on disk: a fresh cache starts with no request at all', async () => {
    server.behave({ kind: 'json', body: flagsResponse('test') });
    const first = provider({ source: remote() });
    await client(first);
    await first.whenIdle();
    const seen = server.requests.length;
    const c2 = await client(provider({ source: remote() }));
    expect(server.requests.length).toBe(seen);
    expect(await c2.getStringValue('fast-provision', 'control')).toBe('test');
    // Another distinct id never reads this one's answers.
    const other = new PosthogRemoteSource({ projectKey: 'phc_project', distinctId: 'install-43', host: host() });
    expect(other.cacheKey).not.toBe((createSource(remote()) as PosthogRemoteSource).cacheKey);
  });

  it('stale cache: served at once (STALE), refreshed in the background, awaitable with whenIdle', async () => {
    server.behave({ kind: 'json', body: flagsResponse('test') });
    let now = Date.now();
    const first = provider({ source: remote(), now: () => now });
    await client(first);
    await first.whenIdle();
    now += 2 * 3_600_000;
    server.behave({ kind: 'json', body: flagsResponse('control'), delayMs: 50 });
    const p = provider({ source: remote(), now: () => now });
    const c = await client(p);
    expect(await c.getStringDetails('fast-provision', 'x')).toMatchObject({ value: 'test', reason: 'STALE' });
    await p.whenIdle();
    expect(await c.getStringValue('fast-provision', 'x')).toBe('control');
  });

  it('no cache and PostHog down: one bounded fetch, then everybody gets the code default (fail open)', async () => {
    const port = await deadPort();
    const c = await client(provider({ source: remote({ host: `http://127.0.0.1:${port}` }) }));
    expect(await c.getStringDetails('fast-provision', 'control')).toMatchObject({ value: 'control', errorCode: 'GENERAL' });
  });

  it('no cache and PostHog slow: initialisation gives up at initTimeoutMs and serves the code default', async () => {
    server.behave({ kind: 'json', body: flagsResponse('test'), delayMs: 5_000 });
    // 1 s, not less: the request must reach the server on a loaded machine before the bound cuts it.
    const p = provider({ source: remote(), initTimeoutMs: 1_000 });
    const c = await client(p);
    expect(await c.getStringDetails('fast-provision', 'control')).toMatchObject({ value: 'control', reason: 'ERROR' });
    expect(server.requests).toHaveLength(1);
  });

  it('garbage, quota-limited or failed answers never replace the last good variants', async () => {
    server.behave({ kind: 'json', body: flagsResponse('test') });
    const p = provider({ source: remote() });
    const c = await client(p);
    for (const body of ['not json', '{"flags": {"fast-provision": {"enabled": "yes"}}}', flagsResponse('control', { quotaLimited: ['feature_flags'] }), '[]']) {
      server.behave({ kind: 'json', body });
      await p.refresh();
    }
    expect(p.state.stats).toMatchObject({ rejected: 4 });
    expect(await c.getStringValue('fast-provision', 'control')).toBe('test');
  });

  it('an endless body is cut at maxBytes', async () => {
    server.behave({ kind: 'endless' });
    const p = provider({ source: new PosthogRemoteSource({ projectKey: 'phc', distinctId: 'u', host: host(), maxBytes: 64 * 1024 }) });
    const c = await client(p);
    expect(p.state.stats?.lastFailure).toMatch(/over the 65536-byte limit/);
    expect(await c.getBooleanValue('new-dashboard', false)).toBe(false);
  });
});
