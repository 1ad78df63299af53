// Test support: one seeded synthetic export per test file, made by the analysts' own generator.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../../../', import.meta.url));

/** Generates events.jsonl (and local-ab-pairs.jsonl) with seed 42 into a new temp directory. */
export function generateExport(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-gonogo-'));
  execFileSync(process.execPath, [join(repo, 'scripts', 'generate-events.mjs'), '--out', dir, '--seed', '42', '--formats', 'jsonl'], { stdio: 'pipe' });
  return dir;
}
