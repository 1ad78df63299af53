// Issue 10: `rollgate shadow-report` (exact counts on a generated log with bad lines, never a crash)
// and `rollgate gonogo` with a cutover plan over --shadow-log (0 GO, 1 NO_GO, 3 INCONCLUSIVE, 2 bad input).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { memoryIo } from '../support/memory-io.js';
import { repoRoot } from '../support/paths.js';

let dir: string;
const generator = join(repoRoot, 'scripts', 'generate-shadow-log.mjs');
const cutoverPlan = join(repoRoot, 'scripts', 'plans', 'coordinator-cutover.yaml');

function generate(name: string, args: string[]): string {
  const out = join(dir, name);
  execFileSync(process.execPath, [generator, '--out', out, ...args], { stdio: 'pipe' });
  return out;
}

beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'rollgate-shadow-cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rollgate shadow-report', () => {
  it('counts per verdict, per flag and bad lines equal a direct count of the generated log', async () => {
    const log = generate('report.jsonl', ['--seed', '5', '--comparisons', '3000', '--legacy-share', '0.2', '--legacy-divergence', '0.3', '--error-rate', '0.01', '--bad-lines', '17']);
    // The truth, counted here line by line.
    const verdicts: Record<string, number> = {};
    const perFlag: Record<string, number> = {};
    let bad = 0;
    for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
      try {
        const r = JSON.parse(line) as { verdict: string; flag: string };
        verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
        perFlag[r.flag] = (perFlag[r.flag] ?? 0) + 1;
      } catch {
        bad += 1;
      }
    }
    expect(bad).toBe(17);
    const io = memoryIo({ cwd: dir });
    expect(await main(['shadow-report', 'report.jsonl', '--format', 'json', '--last', '4'], io)).toBe(0);
    const s = JSON.parse(io.out()) as { lines: number; bad: { count: number }; verdicts: Record<string, number>; flags: { flag: string; agreement: { n: number } }[]; lastDivergences: unknown[]; separating: { standsOut: { attribute: string; value: unknown } | null } };
    expect(s.bad.count).toBe(17);
    expect(s.lines).toBe(3017);
    expect(Object.fromEntries(Object.entries(s.verdicts).filter(([, n]) => n > 0))).toEqual(verdicts);
    expect(Object.fromEntries(s.flags.map((f) => [f.flag, f.agreement.n]))).toEqual(perFlag);
    expect(s.lastDivergences).toHaveLength(4);
    expect(s.separating.standsOut).toMatchObject({ attribute: 'pool', value: 'legacy' });
  });

  it('the table names the agreement interval, the separating attribute and the bad lines with their line numbers', async () => {
    const io = memoryIo({ cwd: dir });
    expect(await main(['shadow-report', 'report.jsonl'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/Agreement \d+\.\d\d% \(95% Wilson \d+\.\d\d% - \d+\.\d\d%\) over 3000 comparisons/);
    expect(out).toMatch(/17 bad line\(s\)/);
    expect(out).toMatch(/report\.jsonl:\d+: not_json: /);
    expect(out).toMatch(/Separating attribute: pool stands out/);
    expect(out).toMatch(/Last 10 divergence\(s\)/);
  });

  it('comparisons missing an attribute form its "(absent)" value, which can stand out (JSON output too)', async () => {
    const line = (i: number, verdict: string, attributes: Record<string, string>): string =>
      JSON.stringify({ v: 1, time: '2026-11-20T00:00:00Z', mode: 'shadow', flag: 'f', type: 'boolean', key: `k${i}`, verdict, primary: { value: true }, shadow: { value: verdict === 'AGREE' }, attributes });
    const lines = [
      ...Array.from({ length: 500 }, (_, i) => line(i, 'AGREE', { region: i % 2 ? 'eu' : 'us' })),
      ...Array.from({ length: 100 }, (_, i) => line(500 + i, i < 40 ? 'DIVERGE' : 'AGREE', {})),
    ];
    writeFileSync(join(dir, 'absent.jsonl'), `${lines.join('\n')}\n`);
    const io = memoryIo({ cwd: dir });
    expect(await main(['shadow-report', 'absent.jsonl', '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(io.out()).separating.standsOut).toMatchObject({ attribute: 'region', value: '(absent)', valueN: 100, valueRate: 0.4 });
  });

  it('bad usage and unreadable logs exit 2 with the reason', async () => {
    const missing = memoryIo({ cwd: dir });
    expect(await main(['shadow-report', 'missing.jsonl'], missing)).toBe(2);
    expect(missing.err()).toMatch(/cannot read shadow log .*missing\.jsonl/);
    expect(await main(['shadow-report'], memoryIo())).toBe(2);
    expect(await main(['shadow-report', 'x', '--format', 'csv'], memoryIo({ cwd: dir }))).toBe(2);
    expect(await main(['shadow-report', 'x', '--last', '-1'], memoryIo({ cwd: dir }))).toBe(2);
    const help = memoryIo();
    expect(await main(['shadow-report', '--help'], help)).toBe(0);
    expect(help.out()).toMatch(/Examples:\n {2}rollgate shadow-report/);
  });
});

describe('rollgate gonogo with a cutover plan', () => {
  it('GO (exit 0): the example plan on its example log, through the plan input', async () => {
    const io = memoryIo({ cwd: repoRoot });
    expect(await main(['gonogo', 'scripts/plans/coordinator-cutover.yaml'], io)).toBe(0);
    expect(io.out()).toMatch(/^GO {2}coordinator-cutover/);
    expect(io.out()).toContain('Separating attribute: pool stands out');
  });

  it('NO_GO (exit 1): a coordinator that diverges on a third of the legacy pool', async () => {
    const log = generate('diverging.jsonl', ['--legacy-divergence', '0.3']);
    const io = memoryIo({ cwd: dir });
    expect(await main(['gonogo', cutoverPlan, '--shadow-log', log], io)).toBe(1);
    expect(io.out()).toMatch(/^NO_GO {2}coordinator-cutover/);
    expect(io.out()).toMatch(/agreement >= 0\.999 failed/);
  });

  it('INCONCLUSIVE (exit 3): too few comparisons yet', async () => {
    const log = generate('short.jsonl.gz', ['--comparisons', '2000']);
    const io = memoryIo({ cwd: dir });
    expect(await main(['gonogo', cutoverPlan, '--shadow-log', log, '--format', 'json'], io)).toBe(3);
    expect(JSON.parse(io.out())).toMatchObject({ verdict: 'INCONCLUSIVE' });
  });

  it('bad input (exit 2): a cutover plan with no log anywhere; a latency plan with only --shadow-log', async () => {
    const plan = join(dir, 'no-input.yaml');
    writeFileSync(plan, readFileSync(cutoverPlan, 'utf8').replace(/input:\n(.*\n)*?  shadowLog: .*\n/, ''));
    const io = memoryIo({ cwd: dir });
    expect(await main(['gonogo', plan], io)).toBe(2);
    expect(io.err()).toMatch(/needs a shadow comparison log: pass --shadow-log LOG/);
    const latency = memoryIo({ cwd: repoRoot });
    expect(await main(['gonogo', 'scripts/plans/session-init-share.yaml', '--shadow-log', join(dir, 'short.jsonl.gz')], latency)).toBe(2);
    expect(latency.err()).toMatch(/missing --events FILE\.\.\. \(a latency plan reads exported events\)/);
  });
});
