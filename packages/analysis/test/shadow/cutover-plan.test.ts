// Issue 10: the `cutover` plan type: each threshold, sample sizes, evidence, the log's health, validation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisError, evaluatePlan, formatPlanIssue, parsePlan, type PlanHeader } from '@rollgate/analysis';
import { many, writeLog, type LineSpec } from './comparison-log-fixture.js';

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'rollgate-cutover-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PLAN = (decision = 'agreement: 0.999\n  flagAgreement: 0.99', extra = ''): string => `type: cutover
name: coordinator-cutover
question: Can the job runner take its decisions from the coordinator?
minimumSample:
  comparisons: 10000
  perFlag: 100
decision:
  ${decision}
${extra}`;

function plan(text: string): PlanHeader {
  const r = parsePlan(text, join(dir, 'plan.yaml'));
  if (!r.ok) throw new Error(r.issues.map(formatPlanIssue).join('\n'));
  return r.plan;
}

let counter = 0;
async function verdictOf(specs: LineSpec[], text = PLAN(), bad = new Map<number, string>()) {
  counter += 1;
  const log = join(dir, `log-${counter}.jsonl`);
  writeLog(log, specs, bad);
  return evaluatePlan(plan(text), { db: null as never, baseDir: dir, shadowLogs: [log] });
}

describe('cutover plan: agreement >= 99.9% over >= 10,000 comparisons and no flag below 99%', () => {
  it('GO: 99.95% over 10,005 comparisons, every flag above 99%', async () => {
    const o = await verdictOf([...many(6000, { flag: 'a', verdict: 'AGREE' }), ...many(4000, { flag: 'b', verdict: 'AGREE' }), ...many(5, { flag: 'b', verdict: 'DIVERGE' })]);
    expect(o.verdict).toBe('GO');
    expect(o.reasons[0]).toMatch(/agreement 99\.95% over 10005 comparisons/);
    expect(o.checks.find((c) => c.label === 'agreement >= 0.999')).toMatchObject({ result: 'pass', observed: 10000 / 10005, samples: { comparisons: 10005, agree: 10000 } });
  });

  it('NO_GO: overall agreement below the target', async () => {
    const o = await verdictOf([...many(10000, { flag: 'a', verdict: 'AGREE' }), ...many(50, { flag: 'a', verdict: 'DIVERGE' })]);
    expect(o.verdict).toBe('NO_GO');
    expect(o.reasons[0]).toMatch(/agreement >= 0\.999 failed/);
  });

  it('NO_GO: one flag below its 99% floor although the overall rate clears 99.9%', async () => {
    const o = await verdictOf([...many(20000, { flag: 'a', verdict: 'AGREE' }), ...many(490, { flag: 'b', verdict: 'AGREE' }), ...many(10, { flag: 'b', verdict: 'SHADOW_EMPTY' })]);
    expect(o.checks.find((c) => c.label === 'agreement >= 0.999')?.result).toBe('pass');
    expect(o.checks.find((c) => c.label === 'agreement[b] >= 0.99')?.result).toBe('fail');
    expect(o.verdict).toBe('NO_GO');
  });

  it('SHADOW_ERROR counts against agreement (a candidate that times out is not ready)', async () => {
    const o = await verdictOf([...many(10000, { flag: 'a', verdict: 'AGREE' }), ...many(100, { flag: 'a', verdict: 'SHADOW_ERROR' })]);
    expect(o.verdict).toBe('NO_GO');
  });

  it('INCONCLUSIVE, never a silent GO: too few comparisons, all agreeing', async () => {
    const o = await verdictOf(many(5000, { flag: 'a', verdict: 'AGREE' }));
    expect(o.verdict).toBe('INCONCLUSIVE');
    expect(o.reasons[0]).toMatch(/only 5000 comparisons/);
  });

  it('INCONCLUSIVE: a flag with fewer than perFlag comparisons', async () => {
    const o = await verdictOf([...many(10000, { flag: 'a', verdict: 'AGREE' }), ...many(20, { flag: 'rare', verdict: 'AGREE' })]);
    expect(o.verdict).toBe('INCONCLUSIVE');
    expect(o.checks.find((c) => c.label === 'agreement[rare] >= 0.99')?.note).toMatch(/has 20 comparisons \(fewer than 100\)/);
  });

  it('NO_GO even on a small sample when the whole Wilson interval is below the target', async () => {
    const o = await verdictOf([...many(500, { flag: 'a', verdict: 'AGREE' }), ...many(500, { flag: 'a', verdict: 'DIVERGE' })]);
    expect(o.verdict).toBe('NO_GO');
    expect(o.reasons[0]).toMatch(/already clearly below, despite the small sample/);
  });

  it('evidence: interval: the Wilson lower bound must clear the target (99.95% of 10,005 is not enough)', async () => {
    const specs = [...many(10000, { flag: 'a', verdict: 'AGREE' }), ...many(5, { flag: 'a', verdict: 'DIVERGE' })];
    expect((await verdictOf(specs)).verdict).toBe('GO');
    const o = await verdictOf(specs, PLAN('agreement: 0.999\n  flagAgreement: 0.99\n  evidence: interval'));
    expect(o.verdict).toBe('INCONCLUSIVE');
    expect(o.reasons[0]).toMatch(/interval straddles 0\.999/);
  });

  it('INCONCLUSIVE when too many log lines are bad (the log is not trusted); bad lines are listed as exclusions', async () => {
    const bad = new Map(Array.from({ length: 200 }, (_, i) => [i * 10, 'garbage'] as [number, string]));
    const o = await verdictOf(many(10000, { flag: 'a', verdict: 'AGREE' }), PLAN(), bad);
    expect(o.verdict).toBe('INCONCLUSIVE');
    expect(o.exclusions).toEqual([expect.objectContaining({ reason: 'bad_line:not_json', count: 200 })]);
  });

  it('population: flags, mode and a window relative to the latest comparison', async () => {
    const specs: LineSpec[] = [
      ...many(10000, { flag: 'a', verdict: 'AGREE', time: '2026-11-19T00:00:00Z' }),
      ...many(3000, { flag: 'a', verdict: 'DIVERGE', time: '2026-11-01T00:00:00Z' }), // before the window
      ...many(3000, { flag: 'a', verdict: 'DIVERGE', time: '2026-11-19T00:00:00Z', mode: 'route' }), // other mode
      ...many(3000, { flag: 'other', verdict: 'DIVERGE', time: '2026-11-19T00:00:00Z' }), // other flag
    ];
    const o = await verdictOf(specs, PLAN(undefined, 'population:\n  flags: [a]\n  mode: shadow\n  window: { last: 7d }\n'));
    expect(o.verdict).toBe('GO');
    expect(o.asOf).toBe('2026-11-19T00:00:00.000Z (from the latest comparison in the log)');
    expect(o.exclusions).toEqual([expect.objectContaining({ reason: 'population', count: 9000 })]);
  });

  it("the plan's own input.shadowLog, relative to the plan file; no log at all is an input error", async () => {
    writeLog(join(dir, 'own.jsonl'), many(10000, { flag: 'a', verdict: 'AGREE' }));
    const own = plan(PLAN(undefined, 'input:\n  shadowLog: own.jsonl\n'));
    expect((await evaluatePlan(own, { db: null as never, baseDir: dir })).verdict).toBe('GO');
    const none = plan(PLAN());
    await expect(evaluatePlan(none, { db: null as never, baseDir: dir })).rejects.toThrow(AnalysisError);
    await expect(evaluatePlan(none, { db: null as never, baseDir: dir })).rejects.toThrow(/needs a shadow comparison log: pass --shadow-log/);
  });
});

describe('cutover plan validation: every problem with its line and column', () => {
  it('unknown keys, out-of-range targets, a bad mode and a missing sample size', () => {
    const r = parsePlan(
      `type: cutover
name: bad
question: q
population:
  mode: sideways
minimumSample:
  perFlag: 10
decision:
  agreement: 1.5
  evidnce: interval
`,
      'bad.yaml',
    );
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.issues.map(formatPlanIssue);
    expect(messages).toHaveLength(4);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/bad\.yaml:5:9: population\.mode: must be one of shadow, route, any/),
        expect.stringMatching(/bad\.yaml:7:3: minimumSample: missing required key "comparisons"/),
        expect.stringMatching(/bad\.yaml:9:14: decision\.agreement: must be <= 1/),
        expect.stringMatching(/bad\.yaml:10:3: decision\.evidnce: unknown key "evidnce"/),
      ]),
    );
  });
});
