import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluatePlan, parsePlan, parseUtcInstant, parseUtcInstantMicros, wilsonInterval, type AnalysisDb, type PlanOutcome } from '../../src/index.js';
import { eventsDb, latencyRuns, type EventRow } from './events-db.js';
import { latencyPlanText, type PlanKnobs } from './plan-text.js';

let db: AnalysisDb | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

async function evaluate(rows: readonly EventRow[], knobs: PlanKnobs = {}, extra: { asOf?: Date; asOfMicros?: number; baseDir?: string } = {}): Promise<PlanOutcome> {
  const parsed = parsePlan(latencyPlanText(knobs), 'plan.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.line}:${i.column} ${i.path} ${i.message}`).join('\n'));
  db = await eventsDb(rows);
  return evaluatePlan(parsed.plan, { db, baseDir: extra.baseDir ?? tmpdir(), asOf: extra.asOf, asOfMicros: extra.asOfMicros });
}

const check = (o: PlanOutcome, label: string) => o.checks.find((c) => c.label.startsWith(label))!;

describe('latency plan: quantile of per-run ratios (known answers)', () => {
  it('p50 = 0.2975 and p90 = 0.3755 of session_init_ms / spawn_to_first_token_ms over the 80 turn-2+ runs', async () => {
    const o = await evaluate(latencyRuns());
    expect(check(o, 'init_share_p50').observed).toBeCloseTo(0.2975, 12);
    expect(check(o, 'init_share_p90').observed).toBeCloseTo(0.3755, 12);
    expect(check(o, 'init_share_p50').samples).toEqual({ runs: 80, conversations: 40 });
    expect(check(o, 'init_share_p50').definition).toContain('quantile of per-run ratios');
    expect(o.exclusions).toContainEqual(expect.objectContaining({ reason: 'turns', count: 40 }));
  });

  it('ratio_of_quantiles is a different number from quantile_of_ratios, and the plan says which', async () => {
    // Totals that vary with the ratio make p50(init) / p50(total) differ from p50(init / total).
    const total = (i: number) => 4000 + 2000 * ((3 * i) % 10);
    const rows = latencyRuns({ extra: (i, turn) => (turn === 1 ? {} : { spawn_to_first_token_ms: total(i), session_init_ms: total(i) * (0.2 + 0.005 * i), model_first_token_ms: 100 }) });
    const o = await evaluate(rows, {
      extraStatistics: `  - id: init_ratio_of_p50
    ratio: { numerator: session_init_ms, denominator: spawn_to_first_token_ms }
    aggregate: ratio_of_quantiles
    quantile: 0.5`,
      guardrail: '  - { statistic: init_ratio_of_p50, op: ">=", value: 0 }',
    });
    const qOfR = check(o, 'init_share_p50').observed!;
    const rOfQ = check(o, 'init_ratio_of_p50').observed!;
    // Direct computation: per-conversation totals T_i = 4000 + 2000 ((3 i) mod 10) and inits T_i (0.2 + 0.005 i).
    const inits = Array.from({ length: 40 }, (_, i) => total(i) * (0.2 + 0.005 * i)).flatMap((v) => [v, v]).sort((a, b) => a - b);
    const totals = Array.from({ length: 40 }, (_, i) => total(i)).flatMap((v) => [v, v]).sort((a, b) => a - b);
    const median = (s: number[]) => (s[39]! + s[40]!) / 2;
    expect(qOfR).toBeCloseTo(0.2975, 12);
    expect(rOfQ).toBeCloseTo(median(inits) / median(totals), 9);
    expect(rOfQ).toBeCloseTo(0.2846153846, 9);
    expect(Math.abs(rOfQ - qOfR)).toBeGreaterThan(0.01);
    expect(check(o, 'init_ratio_of_p50').definition).toContain('ratio of quantiles');
  });
});

describe('latency plan: intervals at a level other than 0.95', () => {
  it('the checks and the segment table name the level the plan asks for (90%, not 95%)', async () => {
    const o = await evaluate(latencyRuns(), { interval: '{ method: dkl, level: 0.9 }' });
    expect(check(o, 'init_share_p50').intervalLabel).toBe('90% Deng-Knoblich-Lu outer interval over 40 conversations');
    expect(o.tables[0]!.title).toContain('90% Deng-Knoblich-Lu intervals over conversations');
    expect(o.tables[0]!.title).not.toContain('95%');
  });
});

describe('latency plan: one conversation', () => {
  it('with the bootstrap, a quantile over one conversation is not known to a point: its interval is every run\'s range, as with dkl', async () => {
    // One conversation of 12 turns whose cli_ready_ms runs 400, 420, ..., 620 (p50 510).
    const rows: EventRow[] = Array.from({ length: 12 }, (_, t) => ({
      uuid: `one-${t}`,
      event: 'run_finished',
      distinct_id: 'user-1',
      timestamp: `2026-11-18 10:${String(t).padStart(2, '0')}:00`,
      properties: { conversation_id: 'conv-1', turn_index: t + 1, spawn_to_first_token_ms: 9000, cli_ready_ms: 400 + 20 * t, session_init_ms: 2000, model_first_token_ms: 5000 },
    }));
    const text = (interval: string) => `type: latency
name: one-conversation
question: Is cli_ready_ms p50 under 600 ms?
population: { window: { from: "2026-11-01T00:00:00Z", to: "2026-11-30T00:00:00Z" } }
minimumSample: { runs: 10, conversations: 1 }
interval: ${interval}
statistics:
  - { id: cli_p50, of: cli_ready_ms, quantile: 0.5 }
decision:
  combine: all
  evidence: interval
  thresholds:
    - { statistic: cli_p50, op: "<", value: 600 }
`;
    const run = async (interval: string) => {
      const parsed = parsePlan(text(interval), 'plan.yaml');
      if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('\n'));
      db?.close();
      db = await eventsDb(rows);
      return evaluatePlan(parsed.plan, { db, baseDir: tmpdir() });
    };
    const bootstrap = await run('{ method: bootstrap, resamples: 500, seed: 7 }');
    expect(check(bootstrap, 'cli_p50').observed).toBe(510);
    expect(check(bootstrap, 'cli_p50').interval).toEqual([400, 620]);
    expect(check(bootstrap, 'cli_p50').intervalLabel).toBe("95% interval: every run's range (one conversation says nothing of the variation between conversations)");
    expect(bootstrap.verdict).toBe('INCONCLUSIVE');
    const dkl = await run('{ method: dkl }');
    expect(check(dkl, 'cli_p50').interval).toEqual([400, 620]);
  });
});

describe('latency plan: a ratio of quantiles over a zero quantile', () => {
  it('is undefined, which leaves its check unknown with the reason (INCONCLUSIVE), not an evaluation error', async () => {
    // Parts that add up to the total: remainder_ms is 0 in every run, so its p50 is 0.
    const rows = latencyRuns({ extra: (i, turn) => ({ model_first_token_ms: 10_000 - 500 - (turn === 1 ? 1000 : Math.round(10_000 * (0.2 + 0.005 * i) * 1000) / 1000) }) });
    const o = await evaluate(rows, {
      p50: 0.29,
      p90: 0.37,
      extraStatistics: `  - id: init_per_remainder
    ratio: { numerator: session_init_ms, denominator: remainder_ms }
    aggregate: ratio_of_quantiles
    quantile: 0.5`,
      guardrail: '  - { statistic: init_per_remainder, op: ">=", value: 0 }',
    });
    const c = check(o, 'init_per_remainder');
    expect(c).toMatchObject({ observed: null, result: 'unknown', note: 'p50 of remainder_ms is 0 over the 80 usable runs, so the ratio of quantiles is undefined' });
    expect(o.verdict).toBe('INCONCLUSIVE');
    expect(o.reasons[0]).toContain('a guardrail cannot be settled');
  });
});

describe('latency plan: thresholds combined with any / all', () => {
  it('any: p50 fails (0.2975 < 0.30) but p90 passes (0.3755 >= 0.37) -> GO', async () => {
    const o = await evaluate(latencyRuns(), { combine: 'any', p50: 0.3, p90: 0.37 });
    expect([check(o, 'init_share_p50').result, check(o, 'init_share_p90').result]).toEqual(['fail', 'pass']);
    expect(o.verdict).toBe('GO');
  });
  it('all: the same results -> NO_GO', async () => {
    const o = await evaluate(latencyRuns(), { combine: 'all', p50: 0.3, p90: 0.37 });
    expect(o.verdict).toBe('NO_GO');
  });
  it('any: both fail (the BRIEF gate, p50 >= 0.30 or p90 >= 0.40) -> NO_GO', async () => {
    const o = await evaluate(latencyRuns(), { combine: 'any', p50: 0.3, p90: 0.4 });
    expect(o.verdict).toBe('NO_GO');
    expect(o.reasons.join('\n')).toContain('init_share_p90 >= 0.4: FAIL');
  });
  it('all: both pass -> GO', async () => {
    const o = await evaluate(latencyRuns(), { combine: 'all', p50: 0.29, p90: 0.37 });
    expect(o.verdict).toBe('GO');
  });
  it('evidence interval: an interval straddling the threshold is unknown -> INCONCLUSIVE, not GO', async () => {
    const o = await evaluate(latencyRuns(), { combine: 'all', evidence: 'interval', p50: 0.2975, p90: 0.3 });
    const p50 = check(o, 'init_share_p50');
    expect(p50.interval![0]).toBeLessThan(0.2975);
    expect(p50.interval![1]).toBeGreaterThan(0.2975);
    expect(p50.result).toBe('unknown');
    expect(o.verdict).toBe('INCONCLUSIVE');
  });
});

describe('latency plan: insufficient samples and empty data are INCONCLUSIVE, never a silent GO', () => {
  it('a population below minimumSample is INCONCLUSIVE even when every threshold would pass', async () => {
    const o = await evaluate(latencyRuns(), { runs: 500, p50: 0.1, p90: 0.1 });
    expect(check(o, 'init_share_p50').result).toBe('unknown');
    expect(o.verdict).toBe('INCONCLUSIVE');
    expect(o.reasons[0]).toMatch(/insufficient sample: 80 runs in 40 conversations, the plan needs 500 runs/);
  });
  it('too few conversations is insufficient even with enough runs', async () => {
    const o = await evaluate(latencyRuns(), { runs: 10, conversations: 41, p50: 0.1, p90: 0.1 });
    expect(o.verdict).toBe('INCONCLUSIVE');
  });
  it('no events at all -> INCONCLUSIVE with the reason', async () => {
    const o = await evaluate([], { p50: 0, p90: 0 });
    expect(o.verdict).toBe('INCONCLUSIVE');
    expect(check(o, 'init_share_p50').observed).toBeNull();
    expect(o.reasons[0]).toContain('insufficient sample: 0 runs');
  });
  it('a window that excludes every run -> INCONCLUSIVE, and the runs are counted as outside the window', async () => {
    const o = await evaluate(latencyRuns(), { window: '{ from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z" }' });
    expect(o.verdict).toBe('INCONCLUSIVE');
    expect(o.exclusions).toContainEqual(expect.objectContaining({ reason: 'outside_window', count: 120 }));
  });
});

describe('latency plan: negative remainders and missing parts are counted, not hidden', () => {
  it('runs whose parts exceed the total are left out of the ratios and reported; a guardrail on their share can stop the GO', async () => {
    // Conversations 0..4 report a turn-2+ total smaller than their parts.
    const rows = latencyRuns({ extra: (i, turn) => (i < 5 && turn > 1 ? { spawn_to_first_token_ms: 1000 } : {}) });
    const ok = await evaluate(rows, { p50: 0.29, p90: 0.37, guardrail: '  - { statistic: negative_remainder_share, op: "<=", value: 0.2 }' });
    expect(ok.exclusions).toContainEqual(expect.objectContaining({ reason: 'negative_remainder', count: 10 }));
    expect(check(ok, 'init_share_p50').samples).toEqual({ runs: 70, conversations: 35 });
    expect(check(ok, 'negative_remainder_share').observed).toBeCloseTo(10 / 80, 12);
    ok.verdict === 'GO' || expect.fail(`expected GO, got ${ok.verdict}: ${ok.reasons[0]}`);
    db?.close();
    const breached = await evaluate(rows, { p50: 0.29, p90: 0.37, guardrail: '  - { statistic: negative_remainder_share, op: "<=", value: 0.05 }' });
    expect(breached.verdict).toBe('NO_GO');
    expect(breached.reasons[0]).toContain('guardrail breached: negative_remainder_share <= 0.05');
  });
  it('with the bootstrap, no negative remainder in 40 conversations is not "0% for sure": the Wilson bound over the conversations, as with dkl', async () => {
    const guardrail = '  - { statistic: negative_remainder_share, op: "<=", value: 0.05 }';
    const o = await evaluate(latencyRuns(), { p50: 0.2, p90: 0.3, evidence: 'interval', guardrail });
    const share = check(o, 'negative_remainder_share');
    expect(share.observed).toBe(0);
    // Wilson, 0 of 40: upper = z^2 / (40 + z^2) = 0.0876, above 0.05: the guardrail cannot be settled.
    expect(share.interval).toEqual(wilsonInterval(0, 40));
    expect(share.intervalLabel).toBe('95% Wilson interval over 40 conversations (a share of 0 does not vary under a bootstrap over conversations)');
    expect(share.result).toBe('unknown');
    expect(o.verdict).toBe('INCONCLUSIVE');
    db?.close();
    const dkl = await evaluate(latencyRuns(), { p50: 0.2, p90: 0.3, evidence: 'interval', guardrail, interval: '{ method: dkl }' });
    expect(check(dkl, 'negative_remainder_share').interval).toEqual(share.interval);
  });
  it('a run missing session_init_ms is counted under missing_parts with the part named', async () => {
    const rows = latencyRuns({ extra: (i, turn) => (i === 3 && turn === 2 ? { session_init_ms: null } : {}) });
    const o = await evaluate(rows);
    const e = o.exclusions.find((x) => x.reason === 'missing_parts')!;
    expect(e.count).toBe(1);
    expect(e.detail).toContain('session_init_ms: 1');
  });
});

describe('latency plan: named exclusions give a product view and an engineering view', () => {
  it('the engineering statistic drops old clients; the product statistic keeps every run', async () => {
    const rows = latencyRuns({ extra: (i) => (i < 10 ? { client_version: '2.1.0', status: 'error' } : {}) });
    const o = await evaluate(rows.map((r) => ({ ...r, properties: { ...r.properties } })), {
      exclusions: `  exclusions:
    - name: old_client
      reason: clients before 2.3.0 are being retired
      where: { client_version: { version_lt: "2.3.0" } }`,
      extraStatistics: `  - id: engineering_count
    share: { where: { turn_index: { gte: 2 } } }
  - id: product_count
    share: { where: { turn_index: { gte: 2 } } }
    exclusions: []`,
      guardrail: '  - { statistic: product_count, op: "<=", value: 1 }\n  - { statistic: engineering_count, op: "<=", value: 1 }',
    });
    // status error runs are outside the population (filter status = success): 30 runs.
    expect(o.exclusions).toContainEqual(expect.objectContaining({ reason: 'filter', count: 30 }));
    db?.close();
    const rows2 = latencyRuns({ extra: (i) => (i < 10 ? { client_version: '2.1.0' } : {}) });
    const o2 = await evaluate(rows2, {
      exclusions: `  exclusions:
    - name: old_client
      reason: clients before 2.3.0 are being retired
      where: { client_version: { version_lt: "2.3.0" } }`,
      extraStatistics: `  - id: product_p50
    ratio: { numerator: session_init_ms, denominator: spawn_to_first_token_ms }
    aggregate: quantile_of_ratios
    quantile: 0.5
    exclusions: []`,
      guardrail: '  - { statistic: product_p50, op: ">=", value: 0 }',
    });
    expect(o2.exclusions).toContainEqual(expect.objectContaining({ reason: 'old_client', count: 20 }));
    expect(check(o2, 'init_share_p50').samples).toEqual({ runs: 60, conversations: 30 });
    expect(check(o2, 'product_p50').samples).toEqual({ runs: 80, conversations: 40 });
    // Engineering view: conversations 10..39, ratios 0.25..0.395, p50 = (0.32 + 0.325) / 2.
    expect(check(o2, 'init_share_p50').observed).toBeCloseTo(0.3225, 12);
    expect(check(o2, 'product_p50').observed).toBeCloseTo(0.2975, 12);
  });
});

describe('latency plan: "last 7d" is reproducible (as-of)', () => {
  it('defaults to the latest run_finished in the data; --as-of moves the window', async () => {
    const rows = latencyRuns();
    const o = await evaluate(rows, { window: '{ last: 7d }' });
    expect(o.asOf).toMatch(/^2026-11-19T10:03:00.000Z \(from the latest run_finished event in the data\)/);
    expect(o.window).toEqual({ from: '2026-11-12T10:03:00.000Z', to: '2026-11-19T10:03:00.000Z' });
    db?.close();
    const earlier = await evaluate(rows, { window: '{ last: 7d }' }, { asOf: new Date('2026-11-14T00:00:00Z') });
    expect(earlier.asOf).toContain('(from --as-of)');
    expect(earlier.exclusions.find((e) => e.reason === 'outside_window')!.count).toBeGreaterThan(o.exclusions.find((e) => e.reason === 'outside_window')!.count);
  });

  it('a window ending at the latest run keeps that run, microseconds and all', async () => {
    // Every run within the last day, timestamps with microseconds: none may fall outside "last 7d",
    // least of all the run that sets the as-of time (a Date holds milliseconds only).
    const rows = latencyRuns().map((r, i) => ({ ...r, timestamp: `2026-11-19 ${String(i % 24).padStart(2, '0')}:00:00.${String(123456 + i).padStart(6, '0')}` }));
    const o = await evaluate(rows, { window: '{ last: 7d }' });
    expect(o.exclusions.find((e) => e.reason === 'outside_window')).toBeUndefined();
    expect(check(o, 'init_share_p50').samples).toEqual({ runs: 80, conversations: 40 });
  });

  it('the as-of a report prints, given back as --as-of, gives the same verdict to the run: times keep their microseconds', async () => {
    // The latest run is at 22:00:00.123474; 7 days earlier a run at that microsecond is inside the
    // window, one at 22:00:00.123000 (the same millisecond) is not.
    const rows = latencyRuns().map((r, i) => ({ ...r, timestamp: `2026-11-19 ${String(i % 23).padStart(2, '0')}:00:00.${String(123360 + i).padStart(6, '0')}` }));
    rows.push({ ...rows[4]!, uuid: 'edge-in', timestamp: '2026-11-12 22:00:00.123474' }, { ...rows[5]!, uuid: 'edge-out', timestamp: '2026-11-12 22:00:00.123000' });
    const o = await evaluate(rows, { window: '{ last: 7d }' });
    expect(o.asOf).toBe('2026-11-19T22:00:00.123474Z (from the latest run_finished event in the data)');
    expect(o.window).toEqual({ from: '2026-11-12T22:00:00.123474Z', to: '2026-11-19T22:00:00.123474Z' });
    expect(o.exclusions.find((e) => e.reason === 'outside_window')).toMatchObject({ count: 1 });
    db?.close();
    const printed = parseUtcInstantMicros(o.asOf!.split(' ')[0]!)!;
    expect(printed.micros).toBe(474);
    const again = await evaluate(rows, { window: '{ last: 7d }' }, { asOf: printed.date, asOfMicros: printed.micros });
    expect(again.window).toEqual(o.window);
    expect(again.checks).toEqual(o.checks);
    expect(again.exclusions).toEqual(o.exclusions);
  });

  it('a from/to window keeps the microseconds of its bounds (an event at 23:59:59.999500 is before to: 23:59:59.999999)', async () => {
    const rows = latencyRuns().map((r) => ({ ...r, timestamp: '2026-11-15 12:00:00' }));
    rows[4] = { ...rows[4]!, timestamp: '2026-11-19 23:59:59.999500' };
    rows[5] = { ...rows[5]!, timestamp: '2026-11-10 00:00:00.000400' };
    const o = await evaluate(rows, { window: '{ from: "2026-11-10T00:00:00.000500Z", to: "2026-11-19T23:59:59.999999Z" }' });
    expect(o.window).toEqual({ from: '2026-11-10T00:00:00.000500Z', to: '2026-11-19T23:59:59.999999Z' });
    expect(o.exclusions.find((e) => e.reason === 'outside_window')).toMatchObject({ count: 1, detail: 'outside the window 2026-11-10T00:00:00.000500Z .. 2026-11-19T23:59:59.999999Z' });
    expect(parseUtcInstantMicros('2026-11-19T23:59:59.9999999Z')).toEqual({ date: new Date('2026-11-19T23:59:59.999Z'), micros: 999 });
    expect(parseUtcInstantMicros('2026-11-19T12:00:00.5+01:00')).toEqual({ date: new Date('2026-11-19T11:00:00.500Z'), micros: 0 });
  });

  it('an impossible calendar date or time is no instant (not rolled over into the next month)', () => {
    for (const text of ['2026-02-30T00:00:00Z', '2026-02-29', '2026-04-31T12:00:00', '2026-11-19T24:30:00Z', '2026-11-19T12:60:00Z', '2026-13-01']) {
      expect(parseUtcInstantMicros(text), text).toBeUndefined();
      expect(parseUtcInstant(text), text).toBeUndefined();
    }
    expect(parseUtcInstant('2028-02-29T00:00:00Z')).toEqual(new Date('2028-02-29T00:00:00Z'));
    expect(parseUtcInstant('2026-11-19T23:59:59+02:00')).toEqual(new Date('2026-11-19T21:59:59Z'));
  });

  it('a plan asOf without an offset is UTC whatever the machine\'s time zone', async () => {
    const zone = process.env['TZ'];
    process.env['TZ'] = 'Asia/Tokyo';
    try {
      const parsed = parsePlan(latencyPlanText({ window: '{ last: 7d }' }).replace('  event: run_finished', '  event: run_finished\n  asOf: "2026-11-19T10:03:00"'), 'plan.yaml');
      if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('\n'));
      db = await eventsDb(latencyRuns());
      const o = await evaluatePlan(parsed.plan, { db, baseDir: tmpdir() });
      expect(o.window).toEqual({ from: '2026-11-12T10:03:00.000Z', to: '2026-11-19T10:03:00.000Z' });
      expect(parseUtcInstant('2026-11-20T12:00:00')?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
      expect(parseUtcInstant('2026-11-20T12:00:00+09:00')?.toISOString()).toBe('2026-11-20T03:00:00.000Z');
      expect(parseUtcInstant('next tuesday')).toBeUndefined();
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });
});

function pairsFile(pairs: number, effect: (i: number) => number): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-pairs-'));
  const lines: string[] = [];
  for (let i = 0; i < pairs; i++) {
    const fresh = 9000 + 37 * ((i * 7) % 13);
    lines.push(JSON.stringify({ pair_id: `p${i}`, arm: 'fresh', spawn_to_first_token_ms: fresh }));
    lines.push(JSON.stringify({ pair_id: `p${i}`, arm: 'resumed', spawn_to_first_token_ms: fresh - effect(i) }));
  }
  // Set aside and counted: an incomplete pair and a row without a pair id.
  lines.push(JSON.stringify({ pair_id: 'lonely', arm: 'fresh', spawn_to_first_token_ms: 9000 }));
  lines.push('{"arm": "fresh", "spawn_to_first_token_ms": 1}');
  writeFileSync(join(dir, 'pairs.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

const localAb = (minPairs = 30, required = true) => `localAB:
  source: { file: pairs.jsonl }
  arms: { baseline: fresh, treatment: resumed }
  metric: spawn_to_first_token_ms
  minPairs: ${minPairs}
  alternative: greater
  tests: [wilcoxon, paired_t]
  combine: all
  minEffect: { relative: 0.2 }
  required: ${required}`;

describe('latency plan: paired local A/B and the tie-break', () => {
  const strong = (i: number) => 2500 + (i % 5) * 40; // resumed ~28% faster
  const none = (i: number) => (i % 2 === 0 ? 30 + i : -(30 + i)); // no consistent difference

  it('production GO and local A/B GO agree -> GO', async () => {
    const dir = pairsFile(32, strong);
    const o = await evaluate(latencyRuns(), { p50: 0.29, p90: 0.37, localAb: localAb(), tieBreak: 'production' }, { baseDir: dir });
    expect(o.sources).toEqual([expect.objectContaining({ source: 'production', verdict: 'GO' }), expect.objectContaining({ source: 'local_ab', verdict: 'GO' })]);
    expect(o.verdict).toBe('GO');
    expect(o.exclusions).toContainEqual(expect.objectContaining({ source: 'local_ab', reason: 'incomplete_pair', count: 1 }));
    expect(o.exclusions).toContainEqual(expect.objectContaining({ source: 'local_ab', reason: 'malformed_row', count: 1 }));
  });
  it('production GO, local A/B NO_GO, tieBreak production -> GO (production decides), with the disagreement stated', async () => {
    const dir = pairsFile(32, none);
    const o = await evaluate(latencyRuns(), { p50: 0.29, p90: 0.37, localAb: localAb(), tieBreak: 'production' }, { baseDir: dir });
    expect(o.sources.map((s) => s.verdict)).toEqual(['GO', 'NO_GO']);
    expect(o.verdict).toBe('GO');
    expect(o.reasons[0]).toContain('sources disagree (production says GO, local_ab says NO_GO); per the plan\'s tie-break, production decides: GO');
  });
  it('the same disagreement with tieBreak local_ab -> NO_GO; with inconclusive -> INCONCLUSIVE', async () => {
    const dir = pairsFile(32, none);
    const a = await evaluate(latencyRuns(), { p50: 0.29, p90: 0.37, localAb: localAb(), tieBreak: 'local_ab' }, { baseDir: dir });
    expect(a.verdict).toBe('NO_GO');
    db?.close();
    const b = await evaluate(latencyRuns(), { p50: 0.29, p90: 0.37, localAb: localAb(), tieBreak: 'inconclusive' }, { baseDir: dir });
    expect(b.verdict).toBe('INCONCLUSIVE');
  });
  it('fewer pairs than minPairs: a required local A/B makes the plan INCONCLUSIVE even though production says GO', async () => {
    const dir = pairsFile(12, strong);
    const o = await evaluate(latencyRuns(), { p50: 0.29, p90: 0.37, localAb: localAb(30), tieBreak: 'production' }, { baseDir: dir });
    expect(o.verdict).toBe('INCONCLUSIVE');
    expect(o.reasons[0]).toContain('only 12 complete fresh/resumed pairs; the plan needs 30');
    expect(o.reasons[0]).toContain('production alone says GO');
    db?.close();
    const optional = await evaluate(latencyRuns(), { p50: 0.29, p90: 0.37, localAb: localAb(30, false), tieBreak: 'production' }, { baseDir: dir });
    expect(optional.verdict).toBe('GO');
  });
});

describe('latency plan: where local A/B pairs come from', () => {
  const plan = (source: string) => `localAB:
  source: ${source}
  arms: { baseline: fresh, treatment: resumed }
  metric: spawn_to_first_token_ms
  minPairs: 30
  minEffect: { absolute: 2000 }`;

  it('a CSV file of runs (pair_id, arm, metric columns; quoted cells allowed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-pairs-csv-'));
    const lines = ['pair_id,arm,"spawn_to_first_token_ms",note'];
    for (let i = 0; i < 31; i++) lines.push(`p${i},fresh,${9000 + i * 11},"cold, first"`, `p${i},resumed,${6500 + ((i * 7) % 5) * 13},warm`);
    lines.push('p99,resumed,not-a-number,x');
    writeFileSync(join(dir, 'pairs.csv'), `${lines.join('\n')}\n`);
    const o = await evaluate(latencyRuns(), { p50: 0.29, p90: 0.37, localAb: plan('{ file: pairs.csv }'), tieBreak: 'production' }, { baseDir: dir });
    expect(o.sources[1]).toMatchObject({ source: 'local_ab', verdict: 'GO' });
    expect(check(o, 'complete pairs').samples).toEqual({ pairs: 31, runs: 63 });
    expect(o.exclusions).toContainEqual(expect.objectContaining({ source: 'local_ab', reason: 'incomplete_pair', count: 1 }));
  });

  it('a CSV file without the metric column is bad input naming the file and the header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-pairs-csv-'));
    writeFileSync(join(dir, 'pairs.csv'), 'pair_id,arm,ms\np1,fresh,1\n');
    await expect(evaluate(latencyRuns(), { localAb: plan('{ file: pairs.csv }'), tieBreak: 'production' }, { baseDir: dir })).rejects.toThrow(
      /pairs\.csv: no column "spawn_to_first_token_ms" in the header \(pair_id, arm, ms\)/,
    );
  });

  it('events with a pair id and an arm in their properties', async () => {
    const rows = latencyRuns();
    for (let i = 0; i < 30; i++) {
      for (const arm of ['fresh', 'resumed']) {
        rows.push({ uuid: `ab-${i}-${arm}`, event: 'local_ab_run', distinct_id: 'bench', timestamp: '2026-11-18 10:00:00', properties: { pair_id: `p${i}`, arm, spawn_to_first_token_ms: arm === 'fresh' ? 9000 + i : 9000 + i + (i % 2 ? 15 : -15) } });
      }
    }
    const o = await evaluate(rows, { p50: 0.29, p90: 0.37, localAb: plan('{ event: local_ab_run, pairProperty: pair_id, armProperty: arm }'), tieBreak: 'production' });
    // No consistent saving: the local A/B says NO_GO, production says GO, production decides.
    expect(o.sources.map((s) => s.verdict)).toEqual(['GO', 'NO_GO']);
    expect(o.verdict).toBe('GO');
    expect(check(o, 'complete pairs').samples).toEqual({ pairs: 30, runs: 60 });
  });

  it('an event whose metric is "NaN" or "Infinity" sets its pair aside as missing_value, as a pairs file does', async () => {
    const rows = latencyRuns();
    for (let i = 0; i < 32; i++) {
      for (const arm of ['fresh', 'resumed']) {
        const value = i === 0 && arm === 'fresh' ? 'NaN' : i === 1 && arm === 'resumed' ? 'Infinity' : arm === 'fresh' ? 9000 + i * 11 : 6500 + ((i * 7) % 5) * 13;
        rows.push({ uuid: `ab-${i}-${arm}`, event: 'local_ab_run', distinct_id: 'bench', timestamp: '2026-11-18 10:00:00', properties: { pair_id: `p${i}`, arm, spawn_to_first_token_ms: value } });
      }
    }
    const o = await evaluate(rows, { p50: 0.29, p90: 0.37, localAb: plan('{ event: local_ab_run, pairProperty: pair_id, armProperty: arm }'), tieBreak: 'production' });
    expect(check(o, 'complete pairs').samples).toEqual({ pairs: 30, runs: 64 });
    expect(o.exclusions).toContainEqual(expect.objectContaining({ source: 'local_ab', reason: 'missing_value', count: 4 }));
    expect(o.checks.filter((c) => c.kind === 'test').map((c) => c.result)).toEqual(['pass', 'pass']);
    expect(o.sources[1]).toMatchObject({ source: 'local_ab', verdict: 'GO' });
  });
});
