// Reliability behaviours (the figures are measured in scripts/bench/server-reliability.mjs).
import { OpenFeature } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RollgateProvider } from '@rollgate/openfeature-server';
import { MALFORMED, sampleDocument } from './helpers/documents.js';
import { deadPort, startFlagServer, type FlagServer } from './helpers/flag-server.js';
import { memoryLogger } from './helpers/memory-logger.js';
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

describe('Last-known-good under a stream of malformed documents', () => {
  it('1,000 malformed documents in a row: no crash, every one rejected, the last good keeps serving', async () => {
    const p = new RollgateProvider({ source: server.url, env: {}, cacheDir: dir.path, logger: memoryLogger() });
    const name = domain('malformed');
    await OpenFeature.setProviderAndWait(name, p);
    const c = OpenFeature.getClient(name);
    const good = p.state.hash;
    server.behave((_request, index) => ({ kind: 'json', body: MALFORMED[index % MALFORMED.length]! }));
    for (let i = 0; i < 1000; i++) {
      await p.refresh();
      expect(await c.getBooleanValue('new-checkout', false)).toBe(true);
    }
    expect(p.state.stats).toMatchObject({ rejected: 1000, applied: 1 });
    expect(p.state.hash).toBe(good);
    await p.onClose();
  });
});

describe('Source down and no cache', () => {
  it('initialisation settles and serves the code defaults (refused connection)', async () => {
    const port = await deadPort();
    const p = new RollgateProvider({ source: `http://127.0.0.1:${port}/f.json`, env: {}, cacheDir: dir.path, logger: memoryLogger() });
    const name = domain('down');
    await OpenFeature.setProviderAndWait(name, p);
    const c = OpenFeature.getClient(name);
    expect(await c.getBooleanDetails('new-checkout', true)).toMatchObject({ value: true, errorCode: 'GENERAL' });
    await p.onClose();
  });
});
