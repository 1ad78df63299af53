// A write killed midway leaves the old or the new file, never a torn one: a child process rewrites
// the file in a loop and is SIGKILLed at random moments; the file is checked after every kill.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

// The one implementation, in the server package; the CLI calls it with its flags-file options.
const SOURCE = fileURLToPath(new URL('../../../openfeature-server/src/cache/write-file-atomic.ts', import.meta.url));
const SIZE = 512 * 1024;
const OLD = `{"version":"old","pad":"${'o'.repeat(SIZE)}"}\n`;
const NEW = `{"version":"new","pad":"${'n'.repeat(SIZE)}"}\n`;
const ITERATIONS = 20;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rollgate-atomic-'));
  // The child runs the real source, transpiled here, so the test never runs a stale build.
  const js = ts.transpileModule(await readFile(SOURCE, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  await writeFile(join(dir, 'write-file-atomic.mjs'), js);
  await writeFile(
    join(dir, 'writer.mjs'),
    `import { writeFileSync } from 'node:fs';
import { writeFileAtomic } from './write-file-atomic.mjs';
const [target, mode] = process.argv.slice(2);
const contents = [${JSON.stringify('OLD')}, ${JSON.stringify('NEW')}].map((v) => \`{"version":"\${v.toLowerCase()}","pad":"\${(v === 'OLD' ? 'o' : 'n').repeat(${SIZE})}"}\\n\`);
let i = 1;
process.stdout.write('ready\\n');
for (;;) {
  const data = contents[i++ % 2];
  if (mode === 'naive') writeFileSync(target, data);
  else await writeFileAtomic(target, data, { mode: 0o644, keepMode: true, mkdir: false });
}
`,
  );
});

/** Starts the writer, kills it after a random delay, resolves once it is dead. */
function writeAndKill(target: string, mode: 'atomic' | 'naive', delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, 'writer.mjs'), target, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.on('exit', () => resolve());
    child.stdout.once('data', () => {
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
  });
}

describe('atomic writes: a crash leaves the old or the new file', () => {
  it(`after ${ITERATIONS} SIGKILLs at random points, the file is always exactly old or new`, { timeout: 120_000 }, async () => {
    const target = join(dir, 'flags.json');
    const seen = new Set<string>();
    for (let i = 0; i < ITERATIONS; i++) {
      await writeFile(target, OLD);
      await writeAndKill(target, 'atomic', Math.floor(Math.random() * 40));
      const after = await readFile(target, 'utf8');
      expect(after === OLD || after === NEW, `iteration ${i}: torn file of ${after.length} bytes`).toBe(true);
      seen.add(after === OLD ? 'old' : 'new');
    }
    // Left-over temp files are possible after a kill; they never have the target's name.
    const names = await readdir(dir);
    expect(names.filter((n) => n.startsWith('.flags.json.')).every((n) => n.endsWith('.tmp'))).toBe(true);
  });

  it('the harness does catch a torn file: a plain writeFile killed midway tears it', { timeout: 120_000 }, async () => {
    const target = join(dir, 'naive.json');
    let torn = 0;
    for (let i = 0; i < 60 && torn === 0; i++) {
      await writeFile(target, OLD);
      await writeAndKill(target, 'naive', Math.floor(Math.random() * 40));
      const after = await readFile(target, 'utf8');
      if (after !== OLD && after !== NEW) torn++;
    }
    expect(torn).toBeGreaterThan(0);
  });
});
