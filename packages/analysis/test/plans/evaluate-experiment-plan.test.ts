import { afterEach, describe, expect, it } from 'vitest';
import { evaluatePlan, parsePlan, type AnalysisDb, type PlanOutcome } from '../../src/index.js';
import { eventsDb, type EventRow } from './events-db.js';

let db: AnalysisDb | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** `control` and `test` units, of which the first `conv*` convert. */
function experiment(control: number, test: number, convControl: number, convTest: number): EventRow[] {
  const rows: EventRow[] = [];
  const add = (variant: string, n: number, conv: number) => {
    for (let i = 0; i < n; i++) {
      const id = `${variant}-${i}`;
      rows.push({ uuid: `x-${id}`, event: '$feature_flag_called', distinct_id: id, timestamp: '2026-11-10 10:00:00', properties: { $feature_flag: 'fast-provisioning', $feature_flag_response: variant } });
      if (i < conv) rows.push({ uuid: `c-${id}`, event: 'setup_completed', distinct_id: id, timestamp: '2026-11-10 11:00:00', properties: {} });
    }
  };
  add('control', control, convControl);
  add('test', test, convTest);
  return rows;
}

const plan = (extra = '') => `type: experiment
name: fast-provisioning-setup
question: Does the fast path lift setup completion?
experiment: { flag: fast-provisioning, control: control, treatment: test, weights: { control: 50, test: 50 } }
metrics:
  - { id: setup, conversion: setup_completed }
minimumSample: { unitsPerVariant: 100, conversionsPerVariant: 10 }
decision:
  combine: all
  evidence: interval
  thresholds:
    - { metric: setup, statistic: relative_lift, op: ">", value: 0 }
${extra}`;

async function evaluate(rows: EventRow[], text = plan()): Promise<PlanOutcome> {
  const parsed = parsePlan(text, 'exp.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  db = await eventsDb(rows);
  return evaluatePlan(parsed.plan, { db, baseDir: '.' });
}

describe('experiment plan: conversion analysis behind the SRM gate', () => {
  it('a lift whose whole interval is above 0 with a healthy split -> GO', async () => {
    const o = await evaluate(experiment(500, 500, 100, 160));
    expect(o.checks.find((c) => c.kind === 'gate')!.result).toBe('pass');
    const lift = o.checks.find((c) => c.label === 'setup.relative_lift > 0')!;
    expect(lift.observed).toBeCloseTo(0.6, 12);
    expect(lift.interval![0]).toBeGreaterThan(0);
    expect(o.verdict).toBe('GO');
    expect(o.charts.some((c) => c.title.includes('conversion rate by variant'))).toBe(true);
  });
  it('labels the intervals with the confidence level as given (97.5%, not a rounded 98%)', async () => {
    const text = plan().replace('weights: { control: 50, test: 50 } }', 'weights: { control: 50, test: 50 }, confidence: 0.975 }');
    const o = await evaluate(experiment(500, 500, 100, 160), text);
    expect(o.checks.find((c) => c.label === 'setup.relative_lift > 0')!.intervalLabel).toBe('97.5% interval');
    expect(o.charts.map((c) => c.title)).toContain('setup: conversion rate by variant (97.5% Wilson intervals)');
  });
  it('a sample ratio mismatch (700 vs 300 on 50/50) is INCONCLUSIVE by default, NO_GO when the plan says so', async () => {
    const o = await evaluate(experiment(700, 300, 100, 90));
    expect(o.checks.find((c) => c.kind === 'gate')!.result).toBe('fail');
    expect(o.verdict).toBe('INCONCLUSIVE');
    expect(o.reasons[0]).toContain('SRM gate failed');
    db?.close();
    const strict = await evaluate(experiment(700, 300, 100, 90), plan('srm: { alpha: 0.001, onFail: no_go }'));
    expect(strict.verdict).toBe('NO_GO');
  });
  it('a lift interval straddling 0 -> INCONCLUSIVE; a clearly negative lift -> NO_GO', async () => {
    expect((await evaluate(experiment(500, 500, 100, 110))).verdict).toBe('INCONCLUSIVE');
    db?.close();
    expect((await evaluate(experiment(500, 500, 160, 100))).verdict).toBe('NO_GO');
  });
  it('too few units per variant -> INCONCLUSIVE even with a large lift', async () => {
    const o = await evaluate(experiment(60, 60, 12, 40));
    expect(o.verdict).toBe('INCONCLUSIVE');
    expect(o.reasons[0]).toContain('insufficient sample');
  });
  it('no exposures at all (empty data) -> INCONCLUSIVE with the reason, not an error', async () => {
    const o = await evaluate([]);
    expect(o.verdict).toBe('INCONCLUSIVE');
    expect(o.reasons[0]).toContain('cannot be analysed');
  });
  it('a guardrail metric that gets worse stops the GO', async () => {
    const rows = experiment(500, 500, 100, 160);
    for (let i = 0; i < 80; i++) rows.push({ uuid: `f-t-${i}`, event: 'provisioning_failed', distinct_id: `test-${i}`, timestamp: '2026-11-10 12:00:00', properties: {} });
    for (let i = 0; i < 20; i++) rows.push({ uuid: `f-c-${i}`, event: 'provisioning_failed', distinct_id: `control-${i}`, timestamp: '2026-11-10 12:00:00', properties: {} });
    const text = plan().replace('  - { id: setup, conversion: setup_completed }', '  - { id: setup, conversion: setup_completed }\n  - { id: failures, conversion: provisioning_failed }') +
      'guardrails:\n  - { metric: failures, statistic: absolute_lift, op: "<=", value: 0.02 }\n';
    const o = await evaluate(rows, text);
    expect(o.checks.find((c) => c.kind === 'guardrail')!.result).toBe('fail');
    expect(o.verdict).toBe('NO_GO');
  });
});
