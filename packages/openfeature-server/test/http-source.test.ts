// The http source through the provider, against a real server on 127.0.0.1 that misbehaves.
import { OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpSource, RollgateProvider, type HttpSourceOptions, type RollgateProviderOptions } from '@rollgate/openfeature-server';
import { sampleDocument } from './helpers/documents.js';
import { startFlagServer, type FlagServer } from './helpers/flag-server.js';
import { memoryLogger, type MemoryLogger } from './helpers/memory-logger.js';
import { registerWithEvents } from './helpers/register-provider.js';
import { domain, eventually, tempDir } from './helpers/temp-dir.js';

let server: FlagServer;
let dir: ReturnType<typeof tempDir>;
let logger: MemoryLogger;
const providers: RollgateProvider[] = [];

beforeEach(async () => {
  server = await startFlagServer({ kind: 'json', body: sampleDocument(), etag: '"v1"' });
  dir = tempDir();
  logger = memoryLogger();
});

afterEach(async () => {
  for (const provider of providers.splice(0)) await provider.onClose();
  await server.close();
  dir.cleanup();
});

// Every behaviour holds for both transports: node:http (default) and an app-supplied fetch.
let transport: 'node:http' | 'fetch' = 'node:http';

function httpSource(extra: Partial<HttpSourceOptions> = {}): HttpSource {
  return new HttpSource({ url: server.url, ...(transport === 'fetch' ? { fetch: globalThis.fetch } : {}), ...extra });
}

function provider(extra: Partial<RollgateProviderOptions> = {}): RollgateProvider {
  const p = new RollgateProvider({
    source: httpSource(),
    env: {},
    cacheDir: dir.path,
    logger,
    backoff: { initialMs: 10, maxMs: 40, random: () => 0.5 },
    ...extra,
  });
  providers.push(p);
  return p;
}

const register = (p: RollgateProvider) => registerWithEvents(p, 'http');

describe.each(['node:http', 'fetch'] as const)('transport %s', (name) => {
  beforeEach(() => {
    transport = name;
  });
  afterEach(() => {
    transport = 'node:http';
  });

  describe('HTTP source: conditional requests', () => {
    it('sends If-None-Match with the ETag it holds; a 304 keeps the document and counts as a sync', async () => {
      const p = provider();
      const { c } = await register(p);
      expect(await c.getStringValue('button-label', 'x')).toBe('Create instance');
      await p.refresh();
      expect(server.requests).toHaveLength(2);
      expect(server.requests[0]!.headers['if-none-match']).toBeUndefined();
      expect(server.requests[1]!.headers['if-none-match']).toBe('"v1"');
      expect(p.state.stats).toMatchObject({ applied: 1, notModified: 1, failures: 0 });
    });

    it('at most one request in flight: concurrent refreshes share it', async () => {
      const p = provider();
      await register(p);
      server.behave({ kind: 'json', body: sampleDocument('on'), delayMs: 100 });
      await Promise.all(Array.from({ length: 20 }, () => p.refresh()));
      expect(server.maxConcurrent).toBe(1);
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('HTTP source: failures', () => {
    it('401 stops polling and reports ERROR, not FATAL: the last good document keeps serving, STALE', async () => {
      const p = provider({ pollIntervalMs: 20 });
      const { c, events } = await register(p);
      server.behave({ kind: 'status', status: 401 });
      await p.refresh();
      await eventually(() => events.some((e) => e.type === ProviderEvents.Error));
      const error = events.find((e) => e.type === ProviderEvents.Error)!.details;
      expect(error).toMatchObject({ errorCode: 'GENERAL', message: expect.stringContaining('HTTP 401') });
      expect(error?.message).toContain('polling stopped');
      expect(c.providerStatus).toBe(ProviderStatus.ERROR);
      // (a FATAL provider is never asked: the SDK would answer `x` with PROVIDER_FATAL here)
      expect(await c.getStringDetails('button-label', 'x')).toMatchObject({ value: 'Create instance', reason: 'STALE' });
      expect((await c.getStringDetails('button-label', 'x')).errorCode).toBeUndefined();
      const seen = server.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(server.requests.length).toBe(seen);
    });

    it('401 at initialisation (fail-open): ERROR, the code defaults, and an override still wins', async () => {
      server.behave({ kind: 'status', status: 401 });
      const p = provider({ overrides: { 'button-label': 'from the command line' } });
      const { c, events } = await register(p);
      await eventually(() => c.providerStatus === ProviderStatus.ERROR);
      expect(events.filter((e) => e.type === ProviderEvents.Error).every((e) => e.details?.errorCode === 'GENERAL')).toBe(true);
      expect(await c.getStringDetails('button-label', 'x')).toMatchObject({ value: 'from the command line', reason: 'STATIC' });
      expect(await c.getBooleanDetails('new-checkout', true)).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'GENERAL' });
      expect(server.requests).toHaveLength(1);
    });

    it('403 at initialisation with failOpen: false rejects setProviderAndWait with PROVIDER_FATAL', async () => {
      server.behave({ kind: 'status', status: 403 });
      const p = provider({ failOpen: false });
      const name = domain('fatal');
      await expect(OpenFeature.setProviderAndWait(name, p)).rejects.toMatchObject({ code: 'PROVIDER_FATAL' });
      expect(OpenFeature.getClient(name).providerStatus).toBe(ProviderStatus.FATAL);
    });

    it('500 backs off and the last good document keeps serving', async () => {
      const p = provider();
      const { c } = await register(p);
      server.behave({ kind: 'status', status: 500 });
      await p.refresh();
      await p.refresh();
      expect(p.state.stats).toMatchObject({ consecutiveFailures: 2 });
      expect(await c.getStringValue('button-label', 'x')).toBe('Create instance');
      expect(logger.text('warn')).toMatch(/HTTP 500; retry in/);
    });

    it('429 honours Retry-After over the backoff', async () => {
      const p = provider({ backoff: { initialMs: 10, maxMs: 3_600_000, random: () => 0 } });
      await register(p);
      server.behave({ kind: 'status', status: 429, headers: { 'retry-after': '120' } });
      await p.refresh();
      expect(logger.text('warn')).toMatch(/HTTP 429; retry in 120000 ms/);
    });

    it('garbage bodies are rejected with the issue named, last good keeps serving', async () => {
      const p = provider();
      const { c } = await register(p);
      server.behave({ kind: 'json', body: '{"flags": {"oops": ' });
      await p.refresh();
      expect(p.state.stats).toMatchObject({ rejected: 1 });
      expect(logger.text('warn')).toMatch(/rejected .*last good document/);
      expect(await c.getStringValue('button-label', 'x')).toBe('Create instance');
    });

    it('an endless body is cut at maxBytes and the provider settles', async () => {
      server.behave({ kind: 'endless' });
      const p = provider({ source: httpSource({ maxBytes: 256 * 1024 }) });
      const { c } = await register(p);
      expect(p.state.stats?.lastFailure).toMatch(/over the 262144-byte limit/);
      expect(await c.getBooleanDetails('new-checkout', true)).toMatchObject({ value: true, reason: 'ERROR' });
    });

    it('a dropped connection is a transient failure', async () => {
      server.behave({ kind: 'destroy' });
      const p = provider();
      await register(p);
      expect(p.state.health).toBe('error');
      expect(p.state.stats?.lastFailure).toMatch(/GET http:\/\/127\.0\.0\.1/);
    });

    it('the request timeout ends a request that never answers', async () => {
      server.behave({ kind: 'hang' });
      const p = provider({ source: httpSource({ requestTimeoutMs: 50 }), initTimeoutMs: 5000 });
      await register(p);
      expect(p.state.stats?.lastFailure).toMatch(/no complete answer within 50 ms/);
    });
  });

  it('follows a same-origin redirect', async () => {
    server.behave((request) =>
      request.url === '/flags.json'
        ? { kind: 'status', status: 302, headers: { location: '/v2/flags.json' } }
        : { kind: 'json', body: sampleDocument('on') },
    );
    const p = provider();
    const { c } = await register(p);
    expect(await c.getBooleanValue('new-checkout', false)).toBe(true);
    expect(server.requests.map((r) => r.url)).toEqual(['/flags.json', '/v2/flags.json']);
  });

  it('a body that is not UTF-8 is rejected by name', async () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    server.behave({ kind: 'raw', status: 200, body: bytes });
    const p = provider();
    await register(p);
    expect(p.state.stats?.lastFailure).toMatch(/body is not UTF-8/);
  });
});

describe('Recovery after a failed start', () => {
  it('READY, then ERROR, then READY and CONFIGURATION_CHANGED once the source answers', async () => {
    server.behave({ kind: 'status', status: 503 });
    const p = provider();
    const { c, events } = await register(p);
    await eventually(() => events.some((e) => e.type === ProviderEvents.Error));
    expect(c.providerStatus).toBe(ProviderStatus.ERROR);
    server.behave({ kind: 'json', body: sampleDocument() });
    await eventually(() => events.some((e) => e.type === ProviderEvents.ConfigurationChanged));
    expect(events.map((e) => e.type)).toEqual([
      ProviderEvents.Ready,
      ProviderEvents.Error,
      ProviderEvents.Ready,
      ProviderEvents.ConfigurationChanged,
    ]);
    expect(c.providerStatus).toBe(ProviderStatus.READY);
    expect(await c.getStringValue('button-label', 'x')).toBe('Create instance');
  });
});

describe('Staleness of a live document', () => {
  it('past ttlMs with the refresh failing: PROVIDER_STALE, values STALE without error code; recovery: READY', async () => {
    let now = 1_000_000;
    const p = provider({ ttlMs: 60_000, now: () => now, cache: false });
    const { c, events } = await register(p);
    server.behave({ kind: 'status', status: 503 });
    now += 30_000;
    await p.refresh();
    expect(events.map((e) => e.type)).toEqual([ProviderEvents.Ready]);
    expect((await c.getBooleanDetails('new-checkout', true)).reason).toBe('DEFAULT');
    now += 31_000;
    await p.refresh();
    await eventually(() => events.some((e) => e.type === ProviderEvents.Stale));
    expect(c.providerStatus).toBe(ProviderStatus.STALE);
    const stale = await c.getBooleanDetails('new-checkout', true);
    expect(stale).toMatchObject({ value: false, reason: 'STALE', flagMetadata: { 'rollgate.reason': 'DEFAULT' } });
    expect(stale.errorCode).toBeUndefined();
    server.behave({ kind: 'json', body: sampleDocument(), etag: '"v1"' });
    await p.refresh();
    await eventually(() => c.providerStatus === ProviderStatus.READY);
    expect((await c.getBooleanDetails('new-checkout', true)).reason).toBe('DEFAULT');
    expect(events.map((e) => e.type)).toEqual([ProviderEvents.Ready, ProviderEvents.Stale, ProviderEvents.Ready]);
  });
});
