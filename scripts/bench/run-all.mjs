#!/usr/bin/env node
// `npm run bench`: every scripts/bench/*.mjs benchmark in turn (needs `npm run build` first).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
// Shared modules are not benchmarks: `*-support.mjs` and `_*.mjs` are skipped.
const isBenchmark = (f) => f.endsWith('.mjs') && f !== self && !f.endsWith('-support.mjs') && !f.startsWith('_');
const benches = readdirSync(here).filter(isBenchmark).sort();

let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n# ${file}\n\n`);
  const run = spawnSync(process.execPath, [join(here, file)], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    process.stderr.write(`run-all: ${file} exited with ${run.status ?? run.signal}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
