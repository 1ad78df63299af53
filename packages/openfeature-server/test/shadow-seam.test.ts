// The seam a shadow comparison uses: a second provider, never registered, evaluated directly,
// leaves the primary's answers, cache and event handlers untouched.
import { readdirSync } from 'node:fs';
import { OpenFeature, ProviderEvents, type EventDetails } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RollgateProvider } from '@rollgate/openfeature-server';
import { sampleDocument } from './helpers/documents.js';
import { startFlagServer, type FlagServer } from './helpers/flag-server.js';
import { domain, tempDir } from './helpers/temp-dir.js';

let primaryServer: FlagServer;
let shadowServer: FlagServer;
let dir: ReturnType<typeof tempDir>;

beforeEach(async () => {
  primaryServer = await startFlagServer({ kind: 'json', body: sampleDocument('off') });
  shadowServer = await startFlagServer({ kind: 'json', body: sampleDocument('on') });
  dir = tempDir();
});
afterEach(async () => {
  await primaryServer.close();
  await shadowServer.close();
  dir.cleanup();
});

describe('Shadow seam', () => {
  it('a standalone provider answers evaluate() from its own source without touching the primary', async () => {
    const primary = new RollgateProvider({ source: primaryServer.url, env: {}, cacheDir: dir.path });
    const name = domain('primary');
    const client = OpenFeature.getClient(name);
    const events: EventDetails[] = [];
    for (const type of [ProviderEvents.ConfigurationChanged, ProviderEvents.Error, ProviderEvents.Stale]) {
      client.addHandler(type, (d) => void events.push(d!));
    }
    await OpenFeature.setProviderAndWait(name, primary);
    await primary.whenIdle();
    const cacheFiles = readdirSync(dir.path);

    // The shadow: its own source, no disk cache, no environment (no overrides, no kill switch).
    const shadow = new RollgateProvider({ source: shadowServer.url, cache: false, env: {} });
    await shadow.start();
    expect(shadow.evaluate('new-checkout', 'boolean', false, { plan: 'free' })).toMatchObject({ value: true, variant: 'on' });
    shadowServer.behave({ kind: 'json', body: sampleDocument('off') });
    await shadow.refresh();
    shadowServer.behave({ kind: 'status', status: 500 });
    await shadow.refresh();

    expect(await client.getBooleanDetails('new-checkout', true, { plan: 'free' })).toMatchObject({ value: false, variant: 'off' });
    expect(events).toEqual([]);
    expect(readdirSync(dir.path)).toEqual(cacheFiles);
    await shadow.onClose();
    await primary.onClose();
  });
});
