import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { memoryIo } from './support/memory-io.js';

const dir = mkdtempSync(join(tmpdir(), 'rollgate-analyze-'));
let seq = 0;
const T0 = Date.parse('2024-05-01T00:00:00Z');
function ev(event: string, id: string, minutes: number, properties: Record<string, unknown> = {}): string {
  return JSON.stringify({ uuid: `a${++seq}`, event, distinct_id: id, timestamp: new Date(T0 + minutes * 60_000).toISOString(), properties });
}
const exposure = (id: string, variant: string) => ev('$feature_flag_called', id, 0, { $feature_flag: 'checkout', $feature_flag_response: variant });

// control: 40 units, 8 convert; test: 40 units, 14 convert; one malformed line.
const lines: string[] = [];
for (let i = 0; i < 40; i++) {
  lines.push(exposure(`c${i}`, 'control'), exposure(`t${i}`, 'test'));
  if (i < 8) lines.push(ev('purchase', `c${i}`, 10, { revenue: 10 + i }));
  if (i < 14) lines.push(ev('purchase', `t${i}`, 10, { revenue: 12 + i }));
}
lines.push('{"uuid": "broken", "event": ');
const events = join(dir, 'events.jsonl');
writeFileSync(events, lines.join('\n') + '\n');

async function analyze(...args: string[]) {
  const io = memoryIo({ cwd: dir });
  const code = await main(['analyze', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('rollgate analyze: the command-line contract', () => {
  it('--format json prints the documented shape for one metric (fractions, lift fields on non-control only)', async () => {
    const { code, out, err } = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--weights', 'control=50,test=50', '--format', 'json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(Object.keys(result).slice(0, 7)).toEqual(['flag', 'metric', 'control', 'srm', 'excluded', 'quarantined', 'variants']);
    expect(result).toMatchObject({ flag: 'checkout', metric: 'purchase', control: 'control', quarantined: { 'malformed JSON': 1 } });
    expect(Object.keys(result.srm)).toEqual(expect.arrayContaining(['chi2', 'pValue']));
    const [control, test] = result.variants;
    expect(Object.keys(control).sort()).toEqual(['conversions', 'rate', 'rateCI', 'units', 'variant']);
    expect(control).toMatchObject({ variant: 'control', units: 40, conversions: 8, rate: 0.2 });
    for (const key of ['variant', 'units', 'conversions', 'rate', 'rateCI', 'absoluteLift', 'absoluteLiftCI', 'relativeLift', 'relativeLiftCI', 'pValue', 'chanceToBeatControl']) {
      expect(test).toHaveProperty(key);
    }
    expect(test.absoluteLift).toBeCloseTo(0.15, 12);
    expect(test.rateCI[0]).toBeGreaterThan(0);
    expect(test.rateCI[1]).toBeLessThan(1);
  });

  it('several --metric options print an array, with p-values adjusted across them', async () => {
    const { code, out } = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--metric', '$feature_flag_called', '--format', 'json');
    expect(code).toBe(0);
    const results = JSON.parse(out);
    expect(results).toHaveLength(2);
    expect(results[0].variants[1].adjustedPValue).toBeGreaterThanOrEqual(results[0].variants[1].pValue);
  });

  it('the table and markdown formats show the per-variant rows, the SRM line and the quarantine count', async () => {
    const table = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--window', '7d');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^control\s+40\s+8\s+20\.00%/m);
    expect(table.out).toMatch(/^test\s+40\s+14\s+35\.00%/m);
    expect(table.out).toContain('window 7d');
    expect(table.out).toContain('1 quarantined (malformed JSON 1)');
    expect(table.out).toMatch(/SRM: chi2 = 0, df = 1, p = 1\.0000/);
    const md = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--format', 'markdown');
    expect(md.out).toMatch(/^\| test \| 40 \| 14 \| 35\.00% \|/m);
  });

  it('the table names the confidence level as given (99.95% is not a 100% interval)', async () => {
    const table = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--confidence', '99.95');
    expect(table.code).toBe(0);
    expect(table.out).toContain('· 99.95% intervals ·');
    expect(table.out).toMatch(/rate\s+99\.95% CI\s+abs\. lift/);
    expect(table.out).not.toContain('100%');
    const md = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--confidence', '0.975', '--format', 'markdown');
    expect(md.out).toContain('| rate | 97.5% CI | abs. lift |');
  });

  it('--value makes a continuous metric (Welch), --denominator a ratio metric', async () => {
    const cont = JSON.parse((await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--value', 'revenue', '--aggregate', 'mean', '--format', 'json')).out);
    expect(cont.kind).toBe('continuous');
    expect(cont.variants[0]).toMatchObject({ units: 8, mean: 13.5 });
    const ratio = JSON.parse((await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--denominator', '$feature_flag_called', '--format', 'json')).out);
    expect(ratio.metric).toBe('purchase/$feature_flag_called');
    expect(ratio.variants[1].ratio).toBeCloseTo(14 / 40, 12);
  });

  it('variants may be named after Object.prototype members (toString, constructor, __proto__)', async () => {
    const named = (id: string, variant: string) => ev('$feature_flag_called', id, 0, { $feature_flag: 'proto', $feature_flag_response: variant });
    const protoLines: string[] = [];
    for (let i = 0; i < 10; i++) protoLines.push(named(`p${i}`, 'constructor'), named(`q${i}`, 'toString'), named(`r${i}`, '__proto__'));
    writeFileSync(join(dir, 'proto.jsonl'), protoLines.join('\n') + '\n');
    const { code, out, err } = await analyze(
      '--events', 'proto.jsonl', '--flag', 'proto', '--metric', 'purchase', '--control', 'constructor',
      '--weights', 'constructor=1,toString=1,__proto__=1', '--format', 'json',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.variants.map((v: { variant: string; units: number }) => [v.variant, v.units])).toEqual([
      ['__proto__', 10], ['constructor', 10], ['toString', 10],
    ]);
    // equal counts against equal weights: no mismatch at all
    expect(result.srm.chi2).toBe(0);
  });

  it('without --control, the control is the first variant of --weights as written, numeric names included', async () => {
    // (a JS object lists integer-like keys first: {"2": .., "1": ..} would make "1" the control)
    const numbered = (id: string, variant: string) => ev('$feature_flag_called', id, 0, { $feature_flag: 'numbered', $feature_flag_response: variant });
    const numberedLines: string[] = [];
    for (let i = 0; i < 10; i++) numberedLines.push(numbered(`n${i}`, '1'), numbered(`m${i}`, '2'));
    writeFileSync(join(dir, 'numbered.jsonl'), numberedLines.join('\n') + '\n');
    const { code, out, err } = await analyze('--events', 'numbered.jsonl', '--flag', 'numbered', '--metric', 'purchase', '--weights', '2=50,1=50', '--format', 'json');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out).control).toBe('2');
  });

  it('--unit distinct_id is the default unit (the event\'s distinct id), as the result names it', async () => {
    const byDefault = JSON.parse((await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--format', 'json')).out);
    const named = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--unit', 'distinct_id', '--format', 'json');
    expect(named.err).toBe('');
    expect(named.code).toBe(0);
    const result = JSON.parse(named.out);
    expect(byDefault.unit).toBe('distinct_id');
    expect(result.unit).toBe('distinct_id');
    expect(result.variants).toEqual(byDefault.variants);
  });

  it.each(['1.5', '0.2', '30', '0x5f', 'abc'])('--confidence %s is refused: nobody means a level under one half (0.95 or 95 is meant)', async (text) => {
    const r = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--confidence', text);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--confidence must be');
  });

  it('exit 2 with a clear message on bad input', async () => {
    const unknownFlag = await analyze('--events', 'events.jsonl', '--flag', 'nope', '--metric', 'purchase');
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.err).toContain("flag 'nope' has no exposures; flags with exposures: checkout (80)");
    const missing = await analyze('--events', 'absent.jsonl', '--flag', 'checkout', '--metric', 'purchase');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/file not found: .*absent\.jsonl/);
    const weights = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--weights', 'control:50');
    expect(weights.code).toBe(2);
    expect(weights.err).toContain('--weights: expected VARIANT=WEIGHT');
    const window = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--window', 'a week');
    expect(window.code).toBe(2);
    expect(window.err).toContain('--window');
    const noMetric = await analyze('--events', 'events.jsonl', '--flag', 'checkout');
    expect(noMetric.code).toBe(2);
    expect(noMetric.err).toContain('--metric');
    const control = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--control', 'ctl');
    expect(control.code).toBe(2);
    expect(control.err).toContain("control 'ctl' is not a variant");
  });

  it('--db keeps the events in a file: a second run over the same export loads no duplicates', async () => {
    const first = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--db', 'keep.duckdb');
    expect(first.out).toContain('0 duplicate uuid(s) collapsed');
    const second = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--db', 'keep.duckdb');
    expect(second.out).toMatch(/events: 103 rows in 1 file\(s\), 102 ingested, 1 quarantined .*102 duplicate uuid\(s\) collapsed/);
    expect(second.out).toMatch(/^control\s+40\s+8\s/m);
    const json = JSON.parse((await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--db', 'keep.duckdb', '--format', 'json')).out);
    expect(json.quarantined).toEqual({ 'malformed JSON': 1 });
  });

  it('in memory only the exposures and metric events are stored: same answer as --db (every event), rows not stored are reported', async () => {
    // The same experiment plus page views (one repeating a purchase's uuid first, so the later
    // purchase is a duplicate and must not convert) and a bad page view row.
    const extra = [
      JSON.stringify({ uuid: 'shared', event: '$pageview', distinct_id: 'c30', timestamp: '2024-04-30T23:00:00Z' }),
      ...lines,
      ...Array.from({ length: 30 }, (_, i) => ev('$pageview', `t${i}`, 5, { url: `/p/${i}` })),
      JSON.stringify({ uuid: 'shared', event: 'purchase', distinct_id: 'c30', timestamp: '2024-05-01T01:00:00Z', properties: { revenue: 5 } }),
      JSON.stringify({ uuid: 'pv-bad', event: '$pageview', distinct_id: 't1', timestamp: 'soon' }),
    ];
    writeFileSync(join(dir, 'with-pageviews.jsonl'), extra.join('\n') + '\n');
    for (const metric of [['--metric', 'purchase'], ['--metric', 'purchase', '--value', 'revenue']]) {
      const args = ['--events', 'with-pageviews.jsonl', '--flag', 'checkout', ...metric, '--format', 'json'];
      const memory = await analyze(...args);
      const file = await analyze(...args, '--db', `everything-${metric.length}.duckdb`);
      expect(memory.code).toBe(0);
      expect(JSON.parse(memory.out)).toEqual(JSON.parse(file.out));
    }
    // c30's purchase repeats the uuid of an earlier page view: a duplicate, so no conversion.
    const conversion = JSON.parse((await analyze('--events', 'with-pageviews.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--format', 'json')).out);
    expect(conversion.variants[0]).toMatchObject({ variant: 'control', units: 40, conversions: 8 });
    const table = await analyze('--events', 'with-pageviews.jsonl', '--flag', 'checkout', '--metric', 'purchase');
    expect(table.out).toMatch(/events: 136 rows in 1 file\(s\), 134 ingested, 2 quarantined .*, 1 duplicate uuid\(s\) collapsed, 31 valid row\(s\) of other events not stored/);
    const kept = await analyze('--events', 'with-pageviews.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--db', 'everything-3.duckdb');
    expect(kept.out).not.toContain('not stored');
  });

  it('--progress draws load progress on stderr and clears it', async () => {
    const { code, err } = await analyze('--events', 'events.jsonl', '--flag', 'checkout', '--metric', 'purchase', '--progress');
    expect(code).toBe(0);
    // The load may finish before the first tick; when it draws, it always clears the line.
    if (err !== '') expect(err.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('--help shows an example', async () => {
    const { code, out } = await analyze('--help');
    expect(code).toBe(0);
    expect(out).toContain('Example');
    expect(out).toContain('rollgate analyze --events');
  });
});
