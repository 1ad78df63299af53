import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { memoryIo } from '../support/memory-io.js';

const bool = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' };
const area = (rollout: Record<string, unknown>) => ({ ...bool, rollout: { bucketBy: 'orgId', ...rollout } });
const population = Array.from({ length: 400 }, (_, i) => JSON.stringify({ targetingKey: `user-${i}`, orgId: `org-${i % 40}`, ...(i === 0 ? { isAdmin: true } : {}) })).join('\n');

let lastDir = '';

async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(lastDir)).sort()) out[name] = await readFile(join(lastDir, name), 'utf8');
  return out;
}

async function setup(oldDoc: unknown, newDoc: unknown, contexts = `${population}\n`) {
  const dir = await mkdtemp(join(tmpdir(), 'rollgate-diff-'));
  await writeFile(join(dir, 'old.json'), JSON.stringify(oldDoc));
  await writeFile(join(dir, 'new.json'), JSON.stringify(newDoc));
  await writeFile(join(dir, 'population.jsonl'), contexts);
  lastDir = dir;
  return async (...extra: string[]) => {
    const io = memoryIo({ cwd: dir });
    const code = await main(['diff', 'old.json', 'new.json', '--contexts', 'population.jsonl', ...extra], io);
    return { code, out: io.out(), err: io.err() };
  };
}

describe('rollgate diff: a dry run over a population', () => {
  it('a ramp up: counts, transitions and samples; no warnings, exit 0', async () => {
    const run = await setup({ flags: { 'new-area': area({ stage: 'percentage', percentage: 5 }) } }, { flags: { 'new-area': area({ stage: 'percentage', percentage: 25 }) } });
    const r = await run('--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    const flag = report.flags[0];
    expect(report.contexts).toBe(400);
    expect(flag).toMatchObject({ flagKey: 'new-area', status: 'changed', lost: 0 });
    expect(flag.gained).toBeGreaterThan(0);
    expect(flag.gained % 10).toBe(0); // whole orgs of 10 users move together
    expect(report.warnings).toEqual([]);
    const table = await run();
    expect(table.out).toContain('new-area');
    expect(table.out).toContain(`off -> on: ${flag.gained}`);
    expect(table.out).toContain('no warnings');
  });

  it('a ramp down warns (exit 1) and says how many lose access', async () => {
    const run = await setup({ flags: { 'new-area': area({ stage: 'ga' }) } }, { flags: { 'new-area': area({ stage: 'percentage', percentage: 10 }) } });
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/access-removed {2}new-area: ramp takes access away: stage ga -> percentage; \d+ of 400 contexts lose access/);
  });

  it('a re-bucketing change to a running experiment warns', async () => {
    const exp = (split: unknown[]) => ({ flags: { exp: { state: 'ENABLED', variants: { control: 'control', test: 'test' }, defaultVariant: 'control', targeting: { fractional: split } } } });
    const run = await setup(exp([['control', 50], ['test', 50]]), exp([['test', 50], ['control', 50]]));
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.out).toContain('rebucket  exp: re-buckets a running experiment');
  });

  it('a flag removed while another still requires it: exit 2, with the warning and the load error', async () => {
    const run = await setup(
      { flags: { 'new-area': area({ stage: 'ga' }), batch: { ...area({ stage: 'ga' }), requires: ['new-area'] } } },
      { flags: { batch: { ...area({ stage: 'ga' }), requires: ['new-area'] } } },
    );
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.err).toContain('requires "new-area", which is not defined');
    expect(r.err).toContain('removed-but-required  new-area: flag "new-area" is removed but "batch" still requires it');
  });

  it('bad context lines are counted and listed by line number, not silently dropped', async () => {
    const run = await setup({ flags: { 'new-area': area({ stage: 'admin' }) } }, { flags: { 'new-area': area({ stage: 'ga' }) } }, `{"targetingKey":"a"}\nnot json\n[1,2]\n{"targetingKey":7}\n{"targetingKey":"b"}\n`);
    const r = await run('--format', 'json');
    const report = JSON.parse(r.out);
    expect(report.contexts).toBe(2);
    expect(report.badLines.map((b: { line: number }) => b.line)).toEqual([2, 3, 4]);
    const table = await run();
    expect(table.out).toContain('3 bad line(s) set aside');
    expect(table.out).toContain('line 2: not valid JSON');
  });

  it('a diff writes nothing: the directory and both documents are unchanged', async () => {
    const run = await setup({ flags: { 'new-area': area({ stage: 'admin' }) } }, { flags: { 'new-area': area({ stage: 'ga' }) } });
    const before = await snapshot();
    const r = await run('--format', 'json');
    expect(r.code).toBe(0);
    expect(await snapshot()).toEqual(before);
  });
});
