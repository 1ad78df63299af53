// A cache write killed at random points leaves the old or the new document, never a torn one.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentCache } from '@rollgate/openfeature-server';
import { tempDir } from './helpers/temp-dir.js';

// More kills (and the figure) in scripts/bench/server-reliability.mjs; each kill costs a Node start.
const KILLS = 12;
const LOOP = fileURLToPath(new URL('./fixtures/write-cache-loop.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/cache/write-file-atomic.js', import.meta.url));
let dir: ReturnType<typeof tempDir>;

beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

/** Starts the writer, waits for its first complete write, kills it after `delayMs`. */
async function killMidWrite(path: string, size: number, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, [LOOP, path, String(size)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('Atomic cache writes', () => {
  it(`SIGKILL at random points, ${KILLS} times: the file always holds one whole document`, async () => {
    expect(existsSync(DIST), 'build the package first (npm run build): the writer child runs the dist').toBe(true);
    const path = join(dir.path, 'cache.json');
    // Large documents make each write take long enough for kills to land mid-write.
    const size = 512 * 1024;
    const first = JSON.stringify({ doc: 'first', pad: 'f'.repeat(size) });
    const second = JSON.stringify({ doc: 'second', pad: 's'.repeat(size) });
    const seen = new Set<string>();
    for (let i = 0; i < KILLS; i++) {
      await killMidWrite(path, size, Math.floor(Math.random() * 40));
      const text = readFileSync(path, 'utf8');
      expect(text === first || text === second, `kill ${i}: torn file of ${text.length} bytes`).toBe(true);
      seen.add(JSON.parse(text).doc);
    }
    // Temp files of killed writers are the only residue, and the cache sweeps them.
    const cache = new DocumentCache(dir.path, 'http', 'k');
    const leftovers = readdirSync(dir.path).filter((name) => name.endsWith('.tmp'));
    expect(await cache.sweepTempFiles(0)).toBe(leftovers.length);
    expect(readdirSync(dir.path)).toEqual(['cache.json']);
    expect(seen.size).toBeGreaterThan(0);
  });
});
