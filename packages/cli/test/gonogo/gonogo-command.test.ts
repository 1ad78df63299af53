import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { memoryIo } from '../support/memory-io.js';
import { generateExport, repo } from './export-fixture.js';

let dir: string;
let events: string;
const situation5 = join(repo, 'scripts', 'plans', 'session-init-share.yaml');

beforeAll(() => {
  dir = generateExport();
  events = join(dir, 'events.jsonl');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The situation-5 plan with some text replaced, written beside the export. */
function variant(name: string, replace: [string | RegExp, string][]): string {
  let text = readFileSync(situation5, 'utf8').replace('../fixtures/session-init-local-ab.jsonl', join(repo, 'scripts', 'fixtures', 'session-init-local-ab.jsonl'));
  for (const [from, to] of replace) text = text.replace(from, to);
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

describe('rollgate gonogo: verdicts and exit codes (0 GO, 1 NO_GO, 3 INCONCLUSIVE, 2 bad input)', () => {
  it('BRIEF situation 5 plan on the generated export: GO, exit 0, with every reason printed', async () => {
    const io = memoryIo({ cwd: repo });
    const code = await main(['gonogo', 'scripts/plans/session-init-share.yaml', '--events', events], io);
    expect(code).toBe(0);
    const out = io.out();
    expect(out).toMatch(/^GO {2}session-init-share/);
    for (const text of ['init_share_p50 >= 0.3', 'init_share_p90 >= 0.4', 'negative_remainder_share <= 0.05', 'complete pairs >= 30', 'Wilcoxon signed-rank', 'paired t-test', 'outside_window', 'quantile of per-run ratios', 'cluster bootstrap (2000 resamples, seed 20261121)']) {
      expect(out).toContain(text);
    }
    expect(io.err()).toContain('5 quarantined');
    // A latency plan gets every event (its window counts back from the latest one).
    expect(io.err()).not.toContain('not stored');
  });

  it('--format json carries the verdict, each check with its interval and sample, and the exclusions', async () => {
    const io = memoryIo({ cwd: repo });
    expect(await main(['gonogo', situation5, '--events', events, '--format', 'json'], io)).toBe(0);
    const body = JSON.parse(io.out());
    expect(body.verdict).toBe('GO');
    const p50 = body.checks.find((c: { label: string }) => c.label === 'init_share_p50 >= 0.3');
    expect(p50).toMatchObject({ result: 'pass', op: '>=', target: 0.3 });
    expect(p50.interval[0]).toBeLessThanOrEqual(p50.observed);
    expect(p50.interval[1]).toBeGreaterThanOrEqual(p50.observed);
    expect(p50.samples.runs).toBeGreaterThan(100);
    expect(body.exclusions.map((e: { reason: string }) => e.reason)).toEqual(expect.arrayContaining(['outside_window', 'filter', 'turns', 'negative_remainder']));
  });

  it('thresholds out of reach: NO_GO, exit 1 (production decides against a GO local A/B)', async () => {
    const plan = variant('no-go', [['value: 0.30', 'value: 0.60'], ['value: 0.40', 'value: 0.80']]);
    const io = memoryIo({ cwd: dir });
    expect(await main(['gonogo', plan, '--events', events], io)).toBe(1);
    expect(io.out()).toMatch(/^NO_GO/);
    expect(io.out()).toContain('production decides: NO_GO');
  });

  it('a minimum sample the data cannot meet: INCONCLUSIVE, exit 3', async () => {
    const plan = variant('inconclusive', [['runs: 100', 'runs: 100000']]);
    const io = memoryIo({ cwd: dir });
    expect(await main(['gonogo', plan, '--events', events], io)).toBe(3);
    expect(io.out()).toMatch(/^INCONCLUSIVE/);
    expect(io.out()).toContain('insufficient sample');
  });

  it('--as-of before any data: every run is outside the window -> INCONCLUSIVE, exit 3', async () => {
    const io = memoryIo({ cwd: repo });
    expect(await main(['gonogo', situation5, '--events', events, '--as-of', '2020-01-01T00:00:00Z'], io)).toBe(3);
  });

  it('--as-of keeps its microseconds: the window ends at that microsecond and the report prints it', async () => {
    const plan = join(repo, 'scripts', 'plans', 'run-failure-rate-views.yaml');
    const io = memoryIo({ cwd: repo });
    await main(['gonogo', plan, '--events', events, '--as-of', '2026-11-19T19:45:49.626512Z', '--format', 'json'], io);
    const body = JSON.parse(io.out());
    expect(body.asOf).toBe('2026-11-19T19:45:49.626512Z (from --as-of)');
    expect(body.window).toEqual({ from: '2026-11-12T19:45:49.626512Z', to: '2026-11-19T19:45:49.626512Z' });
  });

  it('an invalid plan: exit 2 with every problem as file:line:column', async () => {
    const plan = variant('broken', [['combine: any', 'combine: either'], ['aggregate: quantile_of_ratios   # the p50', 'aggregate: median_of_ratios   # the p50']]);
    const io = memoryIo({ cwd: dir });
    expect(await main(['gonogo', plan, '--events', events], io)).toBe(2);
    const err = io.err();
    expect(err).toContain('invalid plan (2 problems)');
    expect(err).toMatch(/broken\.yaml:\d+:\d+: decision\.combine: must be one of any, all \(got "either"\)/);
    expect(err).toMatch(/broken\.yaml:\d+:\d+: statistics\[0\]\.aggregate: must be one of quantile_of_ratios, ratio_of_quantiles/);
    expect(io.out()).toBe('');
  });

  it('usage errors and unreadable inputs exit 2', async () => {
    expect(await main(['gonogo', situation5], memoryIo())).toBe(2);
    expect(await main(['gonogo', '--events', events], memoryIo())).toBe(2);
    expect(await main(['gonogo', situation5, '--events', events, '--format', 'pdf'], memoryIo())).toBe(2);
    expect(await main(['gonogo', situation5, '--events', join(dir, 'missing.jsonl')], memoryIo())).toBe(2);
    expect(await main(['gonogo', join(dir, 'missing.yaml'), '--events', events], memoryIo())).toBe(2);
    expect(await main(['gonogo', situation5, '--events', events, '--as-of', 'yesterday'], memoryIo())).toBe(2);
  });

  it('--help documents the exit codes and an example', async () => {
    const io = memoryIo();
    expect(await main(['gonogo', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/0 {2}GO\n {2}1 {2}NO_GO\n {2}3 {2}INCONCLUSIVE/);
    expect(io.out()).toContain('rollgate gonogo scripts/plans/session-init-share.yaml --events');
  });

  it('--format markdown renders tables; --out writes the report and prints the verdict line', async () => {
    const io = memoryIo({ cwd: dir });
    expect(await main(['gonogo', situation5, '--events', events, '--format', 'markdown'], io)).toBe(0);
    expect(io.out()).toContain('## session-init-share: **GO**');
    expect(io.out()).toContain('| production | threshold | init_share_p50 >= 0.3 |');
    const out = join(dir, 'report.html');
    const io2 = memoryIo({ cwd: dir });
    expect(await main(['gonogo', situation5, '--events', events, '--format', 'html', '--out', out], io2)).toBe(0);
    expect(io2.out()).toBe(`GO session-init-share (report: ${out})\n`);
    expect(existsSync(out)).toBe(true);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('the experiment example plan runs through the same command (issue 5 analysis behind the SRM gate)', async () => {
    const io = memoryIo({ cwd: repo });
    const code = await main(['gonogo', 'scripts/plans/fast-provisioning-setup.yaml', '--events', events, '--format', 'json'], io);
    const body = JSON.parse(io.out());
    expect(code).toBe({ GO: 0, NO_GO: 1, INCONCLUSIVE: 3 }[body.verdict as string]);
    expect(body.checks.find((c: { kind: string }) => c.kind === 'gate').label).toBe('sample ratio mismatch p >= 0.001');
    // In memory an experiment plan stores only its exposures and metric events, with the same verdict as a full load.
    expect(io.err()).toMatch(/valid row\(s\) of other events not stored/);
    const full = memoryIo({ cwd: repo });
    await main(['gonogo', 'scripts/plans/fast-provisioning-setup.yaml', '--events', events, '--format', 'json', '--db', join(dir, 'all-events.duckdb')], full);
    expect(full.err()).not.toContain('not stored');
    expect(JSON.parse(full.out())).toEqual(body);
  });
});

describe('rollgate segments', () => {
  it('splits by agent and turn bucket, counting incomplete and negative-remainder runs', async () => {
    const io = memoryIo({ cwd: repo });
    expect(await main(['segments', '--events', events, '--by', 'agent', '--turns'], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('1100 run_finished runs');
    expect(out).toMatch(/claude_code +turn 1 /);
    expect(out).toMatch(/claude_code +turn 2\+ /);
    expect(out).toContain('neg.rem');
    expect(out).toContain('session_init_ms');
  });
  it('--format json: counts per quality add up to the runs of each group', async () => {
    const io = memoryIo({ cwd: repo });
    expect(await main(['segments', '--events', events, '--turns', '--format', 'json'], io)).toBe(0);
    const body = JSON.parse(io.out());
    expect(body.groups.map((g: { turnBucket: string }) => g.turnBucket)).toEqual(['turn 1', 'turn 2+']);
    let total = 0;
    for (const g of body.groups) {
      expect(g.quality.ok + g.quality.missing_parts + g.quality.negative_remainder).toBe(g.runs);
      total += g.runs;
      const init = g.segments.find((s: { segment: string }) => s.segment === 'session_init_ms');
      expect(init.p50CI[0]).toBeLessThanOrEqual(init.p50);
      expect(init.p90).toBeGreaterThanOrEqual(init.p50);
    }
    expect(total).toBe(body.runs);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(body.groups.reduce((s: number, g: { quality: { negative_remainder: number } }) => s + g.quality.negative_remainder, 0)).toBe(manifest.negativeRemainder);
    expect(body.groups.reduce((s: number, g: { quality: { missing_parts: number } }) => s + g.quality.missing_parts, 0)).toBe(manifest.missingParts);
  });
  it('a --by property no run has (a typo) is warned about on stderr, naming it', async () => {
    const typo = memoryIo({ cwd: repo });
    expect(await main(['segments', '--events', events, '--by', 'agnet'], typo)).toBe(0);
    expect(typo.out()).toMatch(/^\(missing\) /m);
    expect(typo.err()).toContain('no run_finished run has the property --by agnet');
    const real = memoryIo({ cwd: repo });
    expect(await main(['segments', '--events', events, '--by', 'agent'], real)).toBe(0);
    expect(real.err()).not.toContain('warning');
  });
  it('bad options exit 2', async () => {
    expect(await main(['segments'], memoryIo())).toBe(2);
    expect(await main(['segments', '--events', events, '--format', 'html'], memoryIo())).toBe(2);
    expect(await main(['segments', '--events', events, '--by', 'a"b'], memoryIo())).toBe(2);
  });
});
