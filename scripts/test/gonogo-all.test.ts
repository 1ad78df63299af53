// scripts/gonogo-all.mjs runs on the built packages (npm test builds first).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(join(repo, 'packages', 'analysis', 'dist', 'index.js'));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollgate-gonogo-all-'));
  execFileSync(process.execPath, [join(repo, 'scripts', 'generate-events.mjs'), '--out', dir, '--formats', 'jsonl'], { stdio: 'pipe' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!built)('scripts/gonogo-all.mjs (needs npm run build)', () => {
  it('evaluates every example plan once over one load, writes a report each, exits with the worst verdict', () => {
    const out = join(dir, 'reports');
    const r = spawnSync(process.execPath, [join(repo, 'scripts', 'gonogo-all.mjs'), '--plans', join(repo, 'scripts', 'plans'), '--events', join(dir, 'events.jsonl'), '--out-dir', out], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/session-init-share\.yaml +latency +GO /);
    expect(r.stdout).toMatch(/fast-provisioning-setup\.yaml +experiment +INCONCLUSIVE /);
    expect(r.status).toBe(3);
    expect(existsSync(join(out, 'session-init-share.md'))).toBe(true);
  });
  it('--as-of without an offset is UTC whatever the machine\'s time zone, as in rollgate gonogo; a time that is not ISO-8601 is refused', () => {
    const plans = join(dir, 'as-of-plans');
    mkdirSync(plans, { recursive: true });
    copyFileSync(join(repo, 'scripts', 'plans', 'run-failure-rate-views.yaml'), join(plans, 'run-failure-rate-views.yaml'));
    const out = join(dir, 'as-of-reports');
    const r = spawnSync(
      process.execPath,
      [join(repo, 'scripts', 'gonogo-all.mjs'), '--plans', plans, '--events', join(dir, 'events.jsonl'), '--as-of', '2026-11-19T12:00:00', '--format', 'json', '--out-dir', out],
      { encoding: 'utf8', env: { ...process.env, TZ: 'Asia/Tokyo' } },
    );
    expect(r.stderr).not.toContain('gonogo-all: --as-of');
    const report = JSON.parse(readFileSync(join(out, 'run-failure-rate-views.json'), 'utf8')) as { window: { from: string; to: string } };
    expect(report.window).toEqual({ from: '2026-11-12T12:00:00.000Z', to: '2026-11-19T12:00:00.000Z' });
    // to the microsecond, as event timestamps and the report's as-of are (not cut to the millisecond)
    const micro = spawnSync(
      process.execPath,
      [join(repo, 'scripts', 'gonogo-all.mjs'), '--plans', plans, '--events', join(dir, 'events.jsonl'), '--as-of', '2026-11-19T12:00:00.123456Z', '--format', 'json', '--out-dir', out],
      { encoding: 'utf8' },
    );
    expect(micro.stderr).not.toContain('gonogo-all: --as-of');
    const microReport = JSON.parse(readFileSync(join(out, 'run-failure-rate-views.json'), 'utf8')) as { window: { from: string; to: string } };
    expect(microReport.window).toEqual({ from: '2026-11-12T12:00:00.123456Z', to: '2026-11-19T12:00:00.123456Z' });
    const bad = spawnSync(process.execPath, [join(repo, 'scripts', 'gonogo-all.mjs'), '--plans', plans, '--events', join(dir, 'events.jsonl'), '--as-of', 'Nov 19 2026'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--as-of must be an ISO-8601 time');
  });

  it('an invalid plan in the folder makes the run exit 2 and names the problem', () => {
    const plans = join(dir, 'bad-plans');
    mkdirSync(plans, { recursive: true });
    writeFileSync(join(plans, 'typo.yaml'), 'type: latency\nname: typo\nquestion: q\npopulaton: {}\n');
    const r = spawnSync(process.execPath, [join(repo, 'scripts', 'gonogo-all.mjs'), '--plans', plans, '--events', join(dir, 'events.jsonl')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/typo\.yaml +\? +INVALID +.*typo\.yaml:4:1: populaton: unknown key "populaton"/);
  });
});
