// The real `rollgate` bin, spawned as a user runs it: proves the built package works end to end.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliRoot, exampleFlags, repoRoot } from './support/paths.js';

const bin = join(cliRoot, 'bin', 'rollgate.js');
const built = join(cliRoot, 'dist', 'main.js');

beforeAll(() => {
  // `npm test` builds first; a lone `vitest run` on a fresh checkout builds here.
  if (!existsSync(built)) {
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-b', 'packages/cli'], { cwd: repoRoot, stdio: 'inherit' });
  }
}, 120_000);

function rollgate(args: string[], input?: string) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, input, encoding: 'utf8' });
}

describe('the rollgate bin (built dist)', () => {
  it('evaluates a flag and exits 0', () => {
    const run = rollgate(['eval', '--flags', exampleFlags, '--flag', 'new-checkout', '--context', '{"targetingKey":"u1","email":"a@example.com"}']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ flagKey: 'new-checkout', value: true, variant: 'on', reason: 'TARGETING_MATCH' });
  });

  it('streams requests from stdin', () => {
    const input = ['{"flagKey":"fast-provision","context":{"targetingKey":"a"}}', 'garbage', '{"flagKey":"new-checkout","context":{"targetingKey":"b"}}'].join('\n');
    const run = rollgate(['eval', '--flags', exampleFlags, '--requests', '-'], input);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['flagKey'] ?? l['errorCode'])).toEqual(['fast-provision', 'PARSE_ERROR', 'new-checkout']);
  });

  it('bad input exits 2 with the message on stderr and no stack trace', () => {
    const run = rollgate(['eval', '--flags', 'missing.json', '--flag', 'x']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^rollgate eval: --flags: file not found: .*missing\.json\n$/);
  });

  it('--version matches the package version', () => {
    const run = rollgate(['--version']);
    expect(run.status).toBe(0);
    const pkg = JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8')) as { version: string };
    expect(run.stdout.trim()).toBe(pkg.version);
  });
});
