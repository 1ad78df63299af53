// localStorage cache: TTL, stale-while-revalidate, and a storage that is full, corrupt or
// unavailable never breaks evaluation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenFeature, ProviderStatus } from '@openfeature/web-sdk';
import { RollgateWebProvider, type KeyValueStorage, type RollgateWebError } from '@rollgate/openfeature-web';
import { DefinitionsCache } from '../src/cache/definitions-cache.js';
import { startDefinitionsServer, type DefinitionsServer } from './support/definitions-server.js';
import { CTA_FLAG, ctaDocument, FullStorage, MemoryStorage, ThrowingStorage } from './support/fixtures.js';
import { register } from './support/register.js';

const MINUTE = 60_000;
let server: DefinitionsServer;
beforeAll(async () => {
  server = await startDefinitionsServer();
});
afterAll(async () => {
  await server.close();
});

function setup(storage: KeyValueStorage | (() => KeyValueStorage | undefined), extra: Partial<ConstructorParameters<typeof RollgateWebProvider>[0]> = {}) {
  const errors: RollgateWebError[] = [];
  const clock = { now: 1_000_000 };
  const make = (more: Partial<ConstructorParameters<typeof RollgateWebProvider>[0]> = {}) =>
    new RollgateWebProvider({
      url: server.url,
      cache: { storage, ttlMs: 5 * MINUTE, maxStaleMs: 60 * MINUTE },
      now: () => clock.now,
      onError: (e) => errors.push(e),
      ...extra,
      ...more,
    });
  return { errors, clock, make };
}

describe('Cache freshness: TTL and stale-while-revalidate', () => {
  it('a fresh entry serves the page with no request at all', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const first = setup(new MemoryStorage());
    await register('fill', first.make(), { targetingKey: 'user-1' });
    const before = server.requests.length;
    const { client } = await register('fresh', first.make(), { targetingKey: 'user-1' });
    await new Promise((r) => setTimeout(r, 20));
    expect(server.requests.length).toBe(before);
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');
  });

  it('a stale entry serves immediately and revalidates in the background (CONFIGURATION_CHANGED)', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const storage = new MemoryStorage();
    const { make, clock } = setup(storage);
    await register('fill', make(), { targetingKey: 'user-2' });
    clock.now += 10 * MINUTE; // past the TTL, within maxStale
    server.setDocument(ctaDocument({ cardUsers: ['user-2'] }));
    server.hold = true;
    const provider = make();
    const { client, events } = await register('swr', provider, { targetingKey: 'user-2' });
    // Served from the cache while the URL has not answered.
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('button');
    const refreshed = provider.refresh();
    server.release();
    expect(await refreshed).toEqual({ kind: 'updated', flagsChanged: [CTA_FLAG] });
    expect(events.map((e) => e.type)).toEqual(['PROVIDER_READY', 'PROVIDER_CONFIGURATION_CHANGED']);
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');
  });

  it('the network cut with a stale entry: the cache keeps serving, the provider goes STALE', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const storage = new MemoryStorage();
    const { make, clock } = setup(storage);
    await register('fill', make(), { targetingKey: 'user-1' });
    clock.now += 10 * MINUTE;
    server.mode = 'destroy';
    const provider = make();
    const { client, events } = await register('cut', provider, { targetingKey: 'user-1' });
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');
    expect((await provider.refresh()).kind).toBe('failed');
    expect(events.map((e) => e.type)).toEqual(['PROVIDER_READY', 'PROVIDER_STALE']);
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');
    server.mode = 'ok';
  });

  it('an entry older than maxStale waits for the URL, and still serves if the URL fails', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const storage = new MemoryStorage();
    const { make, clock } = setup(storage);
    await register('fill', make(), { targetingKey: 'user-2' });
    clock.now += 2 * 60 * MINUTE; // past TTL + maxStale
    server.setDocument(ctaDocument({ cardUsers: ['user-2'] }));
    const waited = await register('too-old', make(), { targetingKey: 'user-2' });
    expect(waited.client.getStringValue(CTA_FLAG, 'none')).toBe('card'); // the URL's, not the cache's

    clock.now += 2 * 60 * MINUTE;
    server.mode = 'error';
    const fallback = await register('too-old-down', make(), { targetingKey: 'user-2' });
    expect(fallback.client.getStringValue(CTA_FLAG, 'none')).toBe('card'); // the old cache, not defaults
    await new Promise((r) => setTimeout(r, 10));
    expect(fallback.events.map((e) => e.type)).toEqual(['PROVIDER_READY', 'PROVIDER_STALE']);
    server.mode = 'ok';
  });
});

describe('A broken storage never breaks evaluation', () => {
  it('full (QuotaExceededError): evaluation serves from memory, the failed write is reported', async () => {
    const { make, errors } = setup(new FullStorage());
    const { client } = await register('full', make({ bootstrap: { definitions: ctaDocument() } }), { targetingKey: 'user-1' });
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');
    expect(errors.map((e) => e.message).join('\n')).toMatch(/STORAGE_FAILED.*write.*QuotaExceededError/);
  });

  it('corrupt entry: reported once, removed, and replaced by the URL document', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const storage = new MemoryStorage();
    const key = `rollgate:definitions:${server.url}`;
    storage.setItem(key, '{"v":1,"storedAt":'); // truncated JSON
    const { make, errors } = setup(storage);
    const { client } = await register('corrupt', make(), { targetingKey: 'user-1' });
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');
    expect(errors.filter((e) => e.code === 'STORAGE_FAILED').map((e) => e.message).join()).toContain('corrupt');
    expect(JSON.parse(storage.getItem(key) ?? 'null')).toMatchObject({ v: 1, document: ctaDocument() });
  });

  it('well-formed entry holding an invalid document: rejected as a cache document, the URL serves', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const storage = new MemoryStorage();
    storage.setItem(`rollgate:definitions:${server.url}`, JSON.stringify({ v: 1, storedAt: 1_000_000, etag: null, document: { flags: { x: { state: 'MAYBE' } } } }));
    const { make, errors } = setup(storage);
    const { client } = await register('invalid-cache', make(), { targetingKey: 'user-1' });
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');
    expect(errors.some((e) => e.code === 'DEFINITIONS_REJECTED' && e.message.includes('cache definitions'))).toBe(true);
  });

  it('unavailable (the localStorage getter throws): no cache, evaluation works', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const { make, errors } = setup(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    const { client } = await register('unavailable', make(), { targetingKey: 'user-1' });
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');
    expect(errors.some((e) => e.message.includes('access') && e.message.includes('SecurityError'))).toBe(true);
  });

  it('every storage call throws: evaluation works, with a bootstrap and with the URL', async () => {
    const { make } = setup(new ThrowingStorage());
    const a = await register('throwing-bootstrap', make({ bootstrap: { definitions: ctaDocument() } }), { targetingKey: 'user-1' });
    expect(a.client.getStringValue(CTA_FLAG, 'none')).toBe('card');
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const b = await register('throwing-url', make(), { targetingKey: 'user-2' });
    expect(b.client.getStringValue(CTA_FLAG, 'none')).toBe('button');
  });
});

describe('DefinitionsCache', () => {
  it('round-trips an entry and retries a full storage once after freeing its own entry', () => {
    let writes = 0;
    const storage = new MemoryStorage();
    const flaky: KeyValueStorage = {
      getItem: (k) => storage.getItem(k),
      removeItem: (k) => storage.removeItem(k),
      setItem: (k, v) => {
        writes += 1;
        if (writes === 2) throw new DOMException('full', 'QuotaExceededError');
        storage.setItem(k, v);
      },
    };
    const cache = new DefinitionsCache(() => flaky, 'k');
    expect(cache.write({ document: { a: 1 }, etag: '"e"', storedAt: 5 }).ok).toBe(true);
    expect(cache.write({ document: { a: 2 }, etag: undefined, storedAt: 6 }).ok).toBe(true);
    expect(writes).toBe(3);
    expect(cache.read()).toEqual({ ok: true, value: { document: { a: 2 }, etag: undefined, storedAt: 6 } });
  });

  it('a missing storage is a silent miss, not an error', () => {
    const cache = new DefinitionsCache(() => undefined, 'k');
    expect(cache.read()).toEqual({ ok: true, value: undefined });
    expect(cache.write({ document: {}, etag: undefined, storedAt: 1 })).toEqual({ ok: true, value: undefined });
  });
});

afterAll(async () => {
  await OpenFeature.clearProviders();
});

describe('Precomputed values for one user, a cached document for the next', () => {
  it('a context change the values do not cover is served from the cache while the URL is down', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const storage = new MemoryStorage();
    const { make } = setup(storage);
    await register('fill', make(), { targetingKey: 'user-1' });
    server.mode = 'destroy';
    const provider = make({ bootstrap: { context: { targetingKey: 'user-1' }, values: { [CTA_FLAG]: { value: 'card', variant: 'card' } } } });
    const { client, domain, events } = await register('values-then-cache', provider, { targetingKey: 'user-1' });
    await OpenFeature.setContext(domain, { targetingKey: 'user-2' });
    expect(events.filter((e) => e.type === 'PROVIDER_CONTEXT_CHANGED')).toHaveLength(1);
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('button');
    server.mode = 'ok';
  });
});
