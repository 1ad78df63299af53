// Disk cache and freshness: fresh -> no network; stale -> served at once + background refresh;
// none -> one bounded fetch, then the code's defaults.
import { readdirSync, writeFileSync } from 'node:fs';
import { OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentCache, HttpSource, RollgateProvider, textHash, type RollgateProviderOptions } from '@rollgate/openfeature-server';
import { sampleDocument } from './helpers/documents.js';
import { deadPort, startFlagServer, type FlagServer } from './helpers/flag-server.js';
import { memoryLogger, type MemoryLogger } from './helpers/memory-logger.js';
import { registerWithEvents } from './helpers/register-provider.js';
import { domain, eventually, tempDir } from './helpers/temp-dir.js';

let server: FlagServer;
let dir: ReturnType<typeof tempDir>;
let logger: MemoryLogger;
const providers: RollgateProvider[] = [];
const HOUR = 3_600_000;

beforeEach(async () => {
  server = await startFlagServer({ kind: 'json', body: sampleDocument('on'), etag: '"v2"' });
  dir = tempDir();
  logger = memoryLogger();
});

afterEach(async () => {
  for (const provider of providers.splice(0)) await provider.onClose();
  await server.close();
  dir.cleanup();
});

function provider(extra: Partial<RollgateProviderOptions> = {}): RollgateProvider {
  const p = new RollgateProvider({ source: server.url, env: {}, cacheDir: dir.path, logger, ...extra });
  providers.push(p);
  return p;
}

async function seedCache(url: string, text: string, fetchedAt: number, validator?: string): Promise<DocumentCache> {
  const source = new HttpSource({ url });
  const cache = new DocumentCache(dir.path, source.kind, source.cacheKey);
  const entry = { sourceId: source.id, fetchedAt, hash: textHash(text), text };
  await cache.write(validator === undefined ? entry : { ...entry, validator });
  return cache;
}

const register = (p: RollgateProvider) => registerWithEvents(p, 'cache');

describe('Fresh cache: no network', () => {
  it('serves the cached document with reason CACHED and makes no request', async () => {
    await seedCache(server.url, sampleDocument('off'), Date.now() - 60_000);
    const p = provider();
    const { c } = await register(p);
    const details = await c.getBooleanDetails('new-checkout', true);
    expect(details).toMatchObject({ value: false, variant: 'off', reason: 'CACHED' });
    expect(details.errorCode).toBeUndefined();
    expect(details.flagMetadata['rollgate.reason']).toBe('DEFAULT');
    expect(server.requests).toHaveLength(0);
    expect(server.connections).toBe(0);
  });

  it('a refresh that answers 304 confirms the cached document: reasons become the engine\'s own', async () => {
    await seedCache(server.url, sampleDocument('on'), Date.now() - 60_000, '"v2"');
    const p = provider();
    const { c } = await register(p);
    await p.refresh();
    expect(server.requests[0]!.headers['if-none-match']).toBe('"v2"');
    expect(await c.getBooleanDetails('new-checkout', false)).toMatchObject({ value: true, reason: 'DEFAULT' });
  });
});

describe('Stale cache: stale-while-revalidate', () => {
  it('serves STALE at once (no error code), refreshes in the background, then serves the new document', async () => {
    await seedCache(server.url, sampleDocument('off'), Date.now() - 2 * HOUR);
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    server.behave({ kind: 'json', body: sampleDocument('on'), etag: '"v2"', hold: held });
    const p = provider();
    const { c, events } = await register(p);
    const first = await c.getBooleanDetails('new-checkout', true);
    // Served while the background refresh is still unanswered (the server holds it until now).
    expect(first).toMatchObject({ value: false, reason: 'STALE' });
    expect(first.errorCode).toBeUndefined();
    answer();
    await p.whenIdle();
    expect(server.requests).toHaveLength(1);
    expect(await c.getBooleanDetails('new-checkout', false)).toMatchObject({ value: true, reason: 'DEFAULT' });
    expect(events.map((e) => e.type)).toEqual([ProviderEvents.Ready, ProviderEvents.ConfigurationChanged]);
    expect(events[1]!.details!.flagsChanged).toEqual(['new-checkout']);
  });

  it('a cache dated in the future (a clock set back) is stale, not fresh for as long as the skew', async () => {
    await seedCache(server.url, sampleDocument('off'), Date.now() + 30 * 24 * HOUR);
    const p = provider();
    const { c } = await register(p);
    expect(await c.getBooleanDetails('new-checkout', true)).toMatchObject({ value: false, reason: 'STALE' });
    expect(logger.text('warn')).toMatch(/in the future/);
    await p.whenIdle();
    expect(server.requests).toHaveLength(1);
    expect(await c.getBooleanDetails('new-checkout', false)).toMatchObject({ value: true, reason: 'DEFAULT' });
  });

  it('when the refresh fails, keeps serving STALE values and emits PROVIDER_STALE', async () => {
    const port = await deadPort();
    const url = `http://127.0.0.1:${port}/flags.json`;
    await seedCache(url, sampleDocument('off'), Date.now() - 2 * HOUR);
    const p = provider({ source: url, backoff: { initialMs: 60_000 } });
    const { c, events } = await register(p);
    await p.whenIdle();
    await eventually(() => events.some((e) => e.type === ProviderEvents.Stale));
    expect(c.providerStatus).toBe(ProviderStatus.STALE);
    const details = await c.getBooleanDetails('new-checkout', true);
    expect(details).toMatchObject({ value: false, reason: 'STALE' });
    expect(details.errorCode).toBeUndefined();
  });
});

describe('No cache: one bounded fetch, then the code\'s defaults (fail open)', () => {
  it('writes the fetched document to the cache for the next start', async () => {
    const p = provider();
    await register(p);
    await p.whenIdle();
    const source = new HttpSource({ url: server.url });
    const read = await new DocumentCache(dir.path, source.kind, source.cacheKey).read();
    expect(read).toMatchObject({ status: 'hit', entry: { text: sampleDocument('on'), validator: '"v2"' } });
  });

  it('a source that never answers: initialisation settles at the bound and defaults are served', async () => {
    server.behave({ kind: 'hang' });
    const p = provider({ initTimeoutMs: 200 });
    const { c, events } = await register(p);
    const details = await c.getBooleanDetails('new-checkout', true);
    expect(details).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'GENERAL' });
    expect(details.errorMessage).toMatch(/no answer within 200 ms/);
    await eventually(() => events.some((e) => e.type === ProviderEvents.Error));
    // Requirement 5.1.4: PROVIDER_ERROR carries an informative message (and the error code).
    expect(events.find((e) => e.type === ProviderEvents.Error)!.details).toMatchObject({
      errorCode: 'GENERAL',
      message: expect.stringMatching(/no definitions: .*no answer within 200 ms; serving the code's defaults/),
    });
  });

  it('failOpen: false makes initialisation reject (spec 2.4.2.1) and the status ERROR', async () => {
    const port = await deadPort();
    const p = provider({ source: `http://127.0.0.1:${port}/flags.json`, failOpen: false });
    const name = domain('strict');
    await expect(OpenFeature.setProviderAndWait(name, p)).rejects.toMatchObject({ code: 'GENERAL' });
    expect(OpenFeature.getClient(name).providerStatus).toBe(ProviderStatus.ERROR);
  });
});

describe('Corrupt cache', () => {
  it('is ignored with a warning naming the file; the source is fetched instead', async () => {
    const cache = await seedCache(server.url, sampleDocument('off'), Date.now());
    writeFileSync(cache.path, '{"format": "rollgate-definitions-cache/1", "text": "trunc');
    const p = provider();
    const { c } = await register(p);
    expect(logger.text('warn')).toContain(`ignoring the definitions cache: ${cache.path} is not JSON`);
    expect(await c.getBooleanValue('new-checkout', false)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('a checksum mismatch is corrupt too', async () => {
    const cache = await seedCache(server.url, sampleDocument('off'), Date.now());
    const entry = JSON.parse((await import('node:fs')).readFileSync(cache.path, 'utf8'));
    entry.text = sampleDocument('on');
    writeFileSync(cache.path, JSON.stringify(entry));
    const p = provider();
    await register(p);
    expect(logger.text('warn')).toMatch(/checksum mismatch/);
  });

  it('an unwritable cache directory is a warning, never an evaluation error', async () => {
    const blocker = `${dir.path}/not-a-dir`;
    writeFileSync(blocker, 'x');
    const p = provider({ cacheDir: `${blocker}/cache` });
    const { c } = await register(p);
    await p.whenIdle();
    expect(await c.getBooleanDetails('new-checkout', false)).toMatchObject({ value: true, reason: 'DEFAULT' });
    expect(p.state.stats?.cacheWriteErrors).toBe(1);
    expect(logger.text('warn')).toMatch(/cannot write the definitions cache/);
    expect(readdirSync(dir.path)).toEqual(['not-a-dir']);
  });
});
