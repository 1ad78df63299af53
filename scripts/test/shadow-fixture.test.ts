// The example shadow log behind scripts/plans/coordinator-cutover.yaml is what its generator makes
// (so the committed .gz is reproducible, and a change to the generator shows up here).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

it('scripts/fixtures/coordinator-shadow.jsonl.gz = node scripts/generate-shadow-log.mjs (defaults), decompressed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-shadow-fixture-'));
  try {
    const out = join(dir, 'log.jsonl');
    execFileSync(process.execPath, [join(repo, 'scripts', 'generate-shadow-log.mjs'), '--out', out], { stdio: 'pipe' });
    const committed = gunzipSync(readFileSync(join(repo, 'scripts', 'fixtures', 'coordinator-shadow.jsonl.gz'))).toString('utf8');
    expect(committed).toBe(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
