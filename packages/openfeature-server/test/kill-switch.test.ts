// ROLLGATE_DISABLED=1: every evaluation returns the code's default with reason DISABLED, and the
// provider opens no file and no socket.
import fs, { existsSync, writeFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { OpenFeature } from '@openfeature/server-sdk';
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

/**
 * Records every call into node:fs and node:fs/promises whose arguments mention `marker`, every
 * http/https request, every net connection and every fetch. Patching the module objects and syncing the ESM named exports makes the provider's
 * own `import { readFile } from 'node:fs/promises'` bindings go through the recorders too.
 */
function recordIo(marker: string): { calls: string[]; restore: () => void } {
  const calls: string[] = [];
  const restores: Array<() => void> = [];
  const wrap = (target: Record<string, unknown>, label: string): void => {
    for (const [name, value] of Object.entries(target)) {
      if (typeof value !== 'function' || /^[A-Z]/.test(name)) continue;
      const original = value as (...args: unknown[]) => unknown;
      target[name] = function (this: unknown, ...args: unknown[]) {
        if (label !== 'fs' && label !== 'fs/promises') calls.push(`${label}.${name}(${String(args[0])})`);
        else if (args.some((a) => String(a).includes(marker))) calls.push(`${label}.${name}(${String(args[0])})`);
        return original.apply(this, args);
      };
      restores.push(() => {
        target[name] = original;
      });
    }
  };
  wrap(fs as unknown as Record<string, unknown>, 'fs');
  wrap(fsPromises as unknown as Record<string, unknown>, 'fs/promises');
  for (const [module, label] of [[http, 'http'], [https, 'https'], [net, 'net']] as const) {
    const target = module as unknown as Record<string, unknown>;
    for (const name of ['request', 'get', 'connect', 'createConnection']) {
      const original = target[name];
      if (typeof original !== 'function') continue;
      target[name] = function (this: unknown, ...args: unknown[]) {
        calls.push(`${label}.${name}(${String(args[0])})`);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
      restores.push(() => {
        target[name] = original;
      });
    }
  }
  const originalFetch = globalThis.fetch;
  globalThis.fetch = ((...args: Parameters<typeof fetch>) => {
    calls.push(`fetch(${String(args[0])})`);
    return originalFetch(...args);
  }) as typeof fetch;
  syncBuiltinESMExports();
  return {
    calls,
    restore() {
      for (const restore of restores) restore();
      globalThis.fetch = originalFetch;
      syncBuiltinESMExports();
    },
  };
}

describe('Kill switch (ROLLGATE_DISABLED)', () => {
  it('the recorder itself sees file and network access (so a silent recorder means no access)', async () => {
    const file = join(dir.path, 'flags.json');
    writeFileSync(file, sampleDocument());
    const io = recordIo(dir.path);
    try {
      const fromFile = new RollgateProvider({ source: file, env: {} });
      await fromFile.initialize();
      await fromFile.onClose();
      const fromUrl = new RollgateProvider({ source: server.url, env: {}, cacheDir: join(dir.path, 'cache') });
      await fromUrl.initialize();
      await fromUrl.onClose();
    } finally {
      io.restore();
    }
    expect(io.calls.some((call) => call.startsWith('fs'))).toBe(true);
    expect(io.calls.some((call) => call.startsWith('http.request'))).toBe(true);
  });

  it('returns the code default with reason DISABLED and opens no file or socket', async () => {
    const file = join(dir.path, 'flags.json');
    writeFileSync(file, sampleDocument('on'));
    const cacheDir = join(dir.path, 'cache');
    const configHome = join(dir.path, 'config');
    const env = { ROLLGATE_DISABLED: '1', XDG_CONFIG_HOME: configHome, ROLLGATE_OVERRIDES: '{"new-checkout": true}' };
    const io = recordIo(dir.path);
    const fetchesBefore = server.requests.length;
    try {
      const fromUrl = new RollgateProvider({ source: server.url, env, cacheDir, installIdAsTargetingKey: true });
      const fromFile = new RollgateProvider({
        source: file,
        env,
        cacheDir,
        overridesFile: join(dir.path, 'overrides.json'),
        installIdAsTargetingKey: true,
      });
      for (const p of [fromUrl, fromFile]) {
        const name = domain('disabled');
        await OpenFeature.setProviderAndWait(name, p);
        const c = OpenFeature.getClient(name);
        expect(await c.getBooleanDetails('new-checkout', false, { plan: 'pro' })).toMatchObject({
          value: false,
          reason: 'DISABLED',
        });
        expect(await c.getStringValue('button-label', 'code default')).toBe('code default');
        const details = await c.getNumberDetails('max-retries', 5);
        expect(details.errorCode).toBeUndefined();
        c.track('event', {}, {});
        await p.whenIdle();
        await p.refresh();
        await p.onClose();
      }
    } finally {
      io.restore();
    }
    expect(io.calls).toEqual([]);
    expect(server.connections).toBe(0);
    expect(server.requests.length).toBe(fetchesBefore);
    expect(existsSync(cacheDir)).toBe(false);
    expect(existsSync(configHome)).toBe(false);
  });

  it('accepts true/yes/on in any case, and ignores 0 and empty', () => {
    for (const value of ['1', 'true', 'YES', 'On']) {
      expect(new RollgateProvider({ source: 'x.json', env: { ROLLGATE_DISABLED: value } }).disabled).toBe(true);
    }
    for (const value of ['0', '', 'false', 'no']) {
      expect(new RollgateProvider({ source: 'x.json', env: { ROLLGATE_DISABLED: value } }).disabled).toBe(false);
    }
    expect(new RollgateProvider({ source: 'x.json', env: { MYCLI_DISABLED: '1' }, envPrefix: 'MYCLI' }).disabled).toBe(true);
  });
});
