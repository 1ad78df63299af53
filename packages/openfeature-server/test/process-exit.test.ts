// Polling, watching and requests never keep a CLI's process alive after its work is done.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleDocument } from './helpers/documents.js';
import { startFlagServer, type FlagServer } from './helpers/flag-server.js';
import { BUILD_FIRST, runNodeSnippet, SERVER_DIST } from './helpers/run-child.js';
import { tempDir } from './helpers/temp-dir.js';

let server: FlagServer;
let dir: ReturnType<typeof tempDir>;

beforeEach(async () => {
  server = await startFlagServer({ kind: 'json', body: sampleDocument('on'), etag: '"e"' });
  dir = tempDir();
});
afterEach(async () => {
  await server.close();
  dir.cleanup();
});

describe('Process lifetime', () => {
  it('a CLI that evaluates and returns exits on its own, for a URL and for a watched file', async () => {
    expect(existsSync(SERVER_DIST), BUILD_FIRST).toBe(true);
    const file = join(dir.path, 'flags.json');
    writeFileSync(file, sampleDocument('on'));
    for (const source of [server.url, file]) {
      const code = `
        import { OpenFeature } from '@openfeature/server-sdk';
        import { RollgateProvider } from ${JSON.stringify(SERVER_DIST)};
        const provider = new RollgateProvider({ source: ${JSON.stringify(source)}, env: {}, cacheDir: ${JSON.stringify(join(dir.path, 'cache'))}, pollIntervalMs: 1000 });
        await OpenFeature.setProviderAndWait(provider);
        process.stdout.write(String(await OpenFeature.getClient().getBooleanValue('new-checkout', false, { plan: 'pro' })));
      `;
      expect(await runNodeSnippet(code)).toEqual({ exit: 0, stdout: 'true' });
    }
  });
});
