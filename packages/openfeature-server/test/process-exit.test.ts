// Polling, watching and requests never keep a CLI's process alive after its work is done.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleDocument } from './helpers/documents.js';
import { startFlagServer, type FlagServer } from './helpers/flag-server.js';
import { tempDir } from './helpers/temp-dir.js';

const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));
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

/** Runs an ESM snippet against the built dist; resolves with its exit code, or 'hung' after a guard. */
function runChild(code: string): Promise<{ exit: number | string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ exit: 'hung', stdout });
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ exit: code ?? 'signal', stdout });
    });
  });
}

describe('Process lifetime', () => {
  it('a CLI that evaluates and returns exits on its own, for a URL and for a watched file', async () => {
    expect(existsSync(DIST), 'build the package first (npm run build): the child runs the dist').toBe(true);
    const file = join(dir.path, 'flags.json');
    writeFileSync(file, sampleDocument('on'));
    for (const source of [server.url, file]) {
      const code = `
        import { OpenFeature } from '@openfeature/server-sdk';
        import { RollgateProvider } from ${JSON.stringify(DIST)};
        const provider = new RollgateProvider({ source: ${JSON.stringify(source)}, env: {}, cacheDir: ${JSON.stringify(join(dir.path, 'cache'))}, pollIntervalMs: 1000 });
        await OpenFeature.setProviderAndWait(provider);
        process.stdout.write(String(await OpenFeature.getClient().getBooleanValue('new-checkout', false, { plan: 'pro' })));
      `;
      expect(await runChild(code)).toEqual({ exit: 0, stdout: 'true' });
    }
  });
});
