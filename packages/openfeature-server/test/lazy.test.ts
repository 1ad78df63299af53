// Lazy initialisation: a CLI command that reads no flag pays nothing (no timers, no I/O).
import { OpenFeature, ProviderStatus } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RollgateProvider } from '@rollgate/openfeature-server';
import { sampleDocument } from './helpers/documents.js';
import { startFlagServer, type FlagServer } from './helpers/flag-server.js';
import { domain, tempDir } from './helpers/temp-dir.js';

let server: FlagServer;
let dir: ReturnType<typeof tempDir>;

beforeEach(async () => {
  server = await startFlagServer({ kind: 'json', body: sampleDocument('on') });
  dir = tempDir();
});
afterEach(async () => {
  await server.close();
  dir.cleanup();
});

function timers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe('Lazy initialisation', () => {
  it('registering does no I/O and starts no timer; the first evaluation loads and answers', async () => {
    const p = new RollgateProvider({ source: server.url, env: {}, cacheDir: dir.path, lazy: true, pollIntervalMs: 60_000 });
    const name = domain('lazy');
    const before = timers();
    await OpenFeature.setProviderAndWait(name, p);
    const c = OpenFeature.getClient(name);
    expect(c.providerStatus).toBe(ProviderStatus.READY);
    expect(server.connections).toBe(0);
    expect(timers()).toBe(before);
    expect(p.state.started).toBe(false);

    expect(await c.getBooleanValue('new-checkout', false)).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(p.state.started).toBe(true);
    await p.onClose();
  });

  it('concurrent first evaluations share one start', async () => {
    const p = new RollgateProvider({ source: server.url, env: {}, cacheDir: dir.path, lazy: true });
    const name = domain('lazy');
    await OpenFeature.setProviderAndWait(name, p);
    const c = OpenFeature.getClient(name);
    const values = await Promise.all(Array.from({ length: 10 }, () => c.getBooleanValue('new-checkout', false)));
    expect(values).toEqual(Array(10).fill(true));
    expect(server.requests).toHaveLength(1);
    await p.onClose();
  });

  it('an explicit start() does the work up front', async () => {
    const p = new RollgateProvider({ source: server.url, env: {}, cacheDir: dir.path, lazy: true });
    await p.initialize();
    expect(server.connections).toBe(0);
    await p.start();
    expect(p.evaluate('new-checkout', 'boolean', false).value).toBe(true);
    await p.onClose();
  });
});
