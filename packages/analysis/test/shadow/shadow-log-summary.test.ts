// Issue 10: the shadow report's counts are exact, bad lines are counted by reason, never fatal;
// the separating attribute stands out only when it should.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisError, readShadowLogs, separatingAttribute, wilsonInterval } from '@rollgate/analysis';
import { many, writeLog, type LineSpec } from './comparison-log-fixture.js';

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'rollgate-shadow-report-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A seeded shuffle, so the generated log interleaves flags and verdicts reproducibly. */
function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

describe('readShadowLogs: exact counts on a generated log', () => {
  const specs: LineSpec[] = shuffle(
    [
      ...many(4000, { flag: 'queue-route', verdict: 'AGREE', attributes: { region: 'us', pool: 'cpu' } }),
      ...many(900, { flag: 'queue-route', verdict: 'AGREE', attributes: { region: 'eu', pool: 'cpu' } }),
      ...many(100, { flag: 'queue-route', verdict: 'DIVERGE', attributes: { region: 'eu', pool: 'cpu' } }),
      ...many(2990, { flag: 'retry-policy', verdict: 'AGREE', attributes: { region: 'us', pool: 'gpu' } }),
      ...many(7, { flag: 'retry-policy', verdict: 'SHADOW_EMPTY', attributes: { region: 'us', pool: 'gpu' } }),
      ...many(3, { flag: 'retry-policy', verdict: 'PRIMARY_EMPTY', attributes: { region: 'us', pool: 'gpu' } }),
      ...many(50, { flag: 'retry-policy', verdict: 'SHADOW_ERROR', attributes: { region: 'us', pool: 'gpu' } }),
    ],
    11,
  );
  const bad = new Map<number, string>([
    [0, '{"v":1,"time":"2026-11-20T00:00:00Z"'], // torn line
    [10, 'not json at all'],
    [20, '[1,2,3]'],
    [30, JSON.stringify({ v: 2, time: '2026-11-20T00:00:00Z', flag: 'f', verdict: 'AGREE', primary: {}, shadow: {} })],
    [40, JSON.stringify({ v: 1, time: '2026-11-20T00:00:00Z', flag: 'f', verdict: 'MAYBE', primary: {}, shadow: {} })],
    [50, JSON.stringify({ v: 1, time: 'yesterday', flag: 'f', verdict: 'AGREE', primary: {}, shadow: {} })],
    [60, JSON.stringify({ v: 1, time: '2026-11-20T00:00:00Z', verdict: 'AGREE', primary: {}, shadow: {} })],
    [70, ''], // blank: skipped, not a bad line
  ]);

  it('counts per verdict and per flag, agreement with the Wilson interval, bad lines by reason with locations', async () => {
    const file = join(dir, 'comparisons.jsonl');
    writeLog(file, specs, bad);
    const s = await readShadowLogs([file], { lastN: 3 });
    expect(s.lines).toBe(8050 + 7);
    expect(s.bad.count).toBe(7);
    expect(s.bad.byReason).toEqual({ not_json: 2, not_an_object: 1, unknown_version: 1, bad_verdict: 1, bad_time: 1, missing_field: 1 });
    expect(s.bad.examples[0]).toMatch(/comparisons\.jsonl:1: not_json: /);
    expect(s.verdicts).toEqual({ AGREE: 7890, DIVERGE: 100, SHADOW_EMPTY: 7, PRIMARY_EMPTY: 3, SHADOW_ERROR: 50 });
    expect(s.agreement.n).toBe(8050);
    expect(s.agreement.rate).toBe(7890 / 8050);
    expect(s.agreement.interval).toEqual(wilsonInterval(7890, 8050, 0.95));
    expect(s.flags.map((f) => [f.flag, f.agreement.n, f.agreement.agree])).toEqual([
      ['queue-route', 5000, 4900],
      ['retry-policy', 3050, 2990],
    ]);
    expect(s.flags[1]!.verdicts).toEqual({ AGREE: 2990, DIVERGE: 0, SHADOW_EMPTY: 7, PRIMARY_EMPTY: 3, SHADOW_ERROR: 50 });
    expect(s.lastDivergences).toHaveLength(3);
    expect(s.lastDivergences.every((d) => d.verdict !== 'AGREE' && d.verdict !== 'SHADOW_ERROR')).toBe(true);
    // The last divergences are the last ones in the file, in file order.
    const lastIndexes = specs.map((sp, i) => [sp.verdict, i] as const).filter(([v]) => v === 'DIVERGE' || v === 'SHADOW_EMPTY' || v === 'PRIMARY_EMPTY').slice(-3).map(([, i]) => `job-${i}`);
    expect(s.lastDivergences.map((d) => d.key)).toEqual(lastIndexes);
  });

  it('a gzip-compressed log and a log split over two files give the same counts', async () => {
    const gz = join(dir, 'comparisons.jsonl.gz');
    writeLog(gz, specs, bad);
    const a = join(dir, 'part-a.jsonl');
    const b = join(dir, 'part-b.jsonl');
    writeLog(a, specs.slice(0, 3000));
    writeLog(b, specs.slice(3000));
    const whole = await readShadowLogs([join(dir, 'comparisons.jsonl')]);
    const fromGz = await readShadowLogs([gz]);
    const split = await readShadowLogs([a, b]);
    expect(fromGz.verdicts).toEqual(whole.verdicts);
    expect(fromGz.bad.count).toBe(7);
    expect(split.verdicts).toEqual(whole.verdicts);
    expect(split.bad.count).toBe(0);
  });

  it('region stands out: eu diverges 10% vs 0.1% elsewhere; pool does not', async () => {
    const s = await readShadowLogs([join(dir, 'comparisons.jsonl')]);
    expect(s.separating.standsOut?.attribute).toBe('region');
    expect(s.separating.standsOut?.value).toBe('"eu"');
    expect(s.separating.standsOut?.valueRate).toBe(100 / 1000);
    expect(s.separating.standsOut?.restRate).toBe(10 / 7000);
    expect(s.separating.ranking.map((r) => r.attribute)).toEqual(['region', 'pool']);
  });

  it('filters by flag, mode and window, counting what they leave out', async () => {
    const file = join(dir, 'filters.jsonl');
    writeLog(file, [
      { flag: 'a', verdict: 'AGREE', time: '2026-11-01T00:00:00Z' },
      { flag: 'a', verdict: 'DIVERGE', time: '2026-11-10T00:00:00Z' },
      { flag: 'a', verdict: 'AGREE', time: '2026-11-10T00:00:00Z', mode: 'route' },
      { flag: 'b', verdict: 'AGREE', time: '2026-11-10T00:00:00Z' },
    ]);
    const s = await readShadowLogs([file], { flags: ['a'], mode: 'shadow', from: Date.parse('2026-11-05T00:00:00Z'), to: Date.parse('2026-11-10T00:00:00Z') });
    expect(s.verdicts).toEqual({ AGREE: 0, DIVERGE: 1, SHADOW_EMPTY: 0, PRIMARY_EMPTY: 0, SHADOW_ERROR: 0 });
    expect(s.filteredOut).toBe(3);
  });

  it('an unreadable log is an AnalysisError naming the file; an empty one is zero comparisons', async () => {
    await expect(readShadowLogs([join(dir, 'missing.jsonl')])).rejects.toThrow(AnalysisError);
    await expect(readShadowLogs([join(dir, 'missing.jsonl')])).rejects.toThrow(/cannot read shadow log .*missing\.jsonl/);
    const notGzip = join(dir, 'fake.jsonl.gz');
    writeFileSync(notGzip, 'plain text');
    await expect(readShadowLogs([notGzip])).rejects.toThrow(/fake\.jsonl\.gz/);
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const s = await readShadowLogs([empty]);
    expect(s.agreement).toEqual({ n: 0, agree: 0, rate: null, interval: null });
    expect(s.separating.standsOut).toBeNull();
  });
});

describe('separatingAttribute: when one stands out', () => {
  const tallies = (spec: Record<string, Record<string, [number, number]>>) =>
    new Map(Object.entries(spec).map(([a, values]) => [a, new Map(Object.entries(values).map(([v, [n, d]]) => [v, { n, divergent: d }]))]));

  it('the doc comment example: region stands out, plan carries nothing', () => {
    const r = separatingAttribute(tallies({ region: { eu: [100, 30], us: [900, 0] }, plan: { free: [500, 15], pro: [500, 15] } }));
    expect(r.standsOut?.attribute).toBe('region');
    expect(r.ranking[1]).toMatchObject({ attribute: 'plan', gainBits: 0 });
  });

  it('two correlated attributes that separate equally: none stands out, both ranked', () => {
    const r = separatingAttribute(tallies({ region: { eu: [100, 30], us: [900, 0] }, country: { de: [100, 30], us: [900, 0] } }));
    expect(r.standsOut).toBeNull();
    expect(r.note).toMatch(/no single attribute stands out/);
  });

  it('a small difference within noise does not stand out', () => {
    const r = separatingAttribute(tallies({ region: { eu: [40, 2], us: [60, 1] } }));
    expect(r.standsOut).toBeNull();
    expect(r.note).toMatch(/overlaps/);
  });

  it('a key-like attribute (one value per unit) cannot win: values below the minimum support are pooled', () => {
    const perUnit: Record<string, [number, number]> = {};
    for (let i = 0; i < 500; i += 1) perUnit[`u${i}`] = [2, i < 20 ? 2 : 0];
    const r = separatingAttribute(tallies({ user: perUnit }));
    expect(r.standsOut).toBeNull();
  });
});
