import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { verifyAuditLog } from '../../src/audit/verify-audit-log.js';
import { withFileLock } from '../../src/fs/file-lock.js';
import { memoryIo } from '../support/memory-io.js';

const doc = {
  flags: {
    'new-area': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', rollout: { stage: 'admin', bucketBy: 'orgId' } },
    child: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', requires: ['new-area'], rollout: { stage: 'ga' } },
  },
};

let dir: string;
let flagsPath: string;
let auditPath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rollgate-flags-'));
  flagsPath = join(dir, 'rollout.flagd.json');
  auditPath = join(dir, 'rollout.flagd.audit.jsonl');
  await writeFile(flagsPath, `${JSON.stringify(doc, null, 2)}\n`);
});

async function flags(...args: string[]) {
  const io = memoryIo({ cwd: dir, env: { ROLLGATE_ACTOR: 'ana' } });
  const code = await main(['flags', ...args, '--flags', 'rollout.flagd.json'], io);
  return { code, out: io.out(), err: io.err() };
}

const rollout = async () => (JSON.parse(await readFile(flagsPath, 'utf8')) as typeof doc).flags['new-area'].rollout as Record<string, unknown>;
const auditLines = async () => (await readFile(auditPath, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('rollgate flags: each edit validates, writes and appends one audit entry', () => {
  it('admin -> allowlist -> 5% -> 25% -> ga, one chained entry per step', async () => {
    expect((await flags('allow', '--flag', 'new-area', '--attribute', 'orgId', 'acme', '--reason', 'design partner')).code).toBe(0);
    expect((await flags('allow', '--flag', 'new-area', 'user-7')).code).toBe(0);
    expect((await flags('set-stage', '--flag', 'new-area', 'allowlist')).code).toBe(0);
    expect((await flags('set-percentage', '--flag', 'new-area', '5')).code).toBe(0);
    expect((await flags('set-percentage', '--flag', 'new-area', '25')).code).toBe(0);
    expect((await flags('set-stage', '--flag', 'new-area', 'ga')).code).toBe(0);
    expect(await rollout()).toEqual({ stage: 'ga', bucketBy: 'orgId', allow: { orgId: ['acme'], targetingKey: ['user-7'] }, percentage: 25 });
    const entries = await auditLines();
    expect(entries.map((e) => [e['seq'], e['action'], e['actor']])).toEqual([
      [1, 'allow', 'ana'],
      [2, 'allow', 'ana'],
      [3, 'set-stage', 'ana'],
      [4, 'set-percentage', 'ana'],
      [5, 'set-percentage', 'ana'],
      [6, 'set-stage', 'ana'],
    ]);
    expect(entries[0]).toMatchObject({ reason: 'design partner', flag: 'new-area', file: 'rollout.flagd.json', args: { attribute: 'orgId', values: ['acme'] } });
    expect(entries[4]!['changes']).toEqual([{ path: '$.flags.new-area.rollout.percentage', before: 5, after: 25 }]);
    expect(verifyAuditLog(await readFile(auditPath, 'utf8')).ok).toBe(true);
  });

  it('a ramp-down is refused without --allow-ramp-down: exit 1, nothing written, no entry', async () => {
    await flags('set-percentage', '--flag', 'new-area', '25');
    const before = await readFile(flagsPath, 'utf8');
    const refused = await flags('set-percentage', '--flag', 'new-area', '5');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('takes access away (percentage goes down from 25% to 5%)');
    expect(await readFile(flagsPath, 'utf8')).toBe(before);
    expect(await auditLines()).toHaveLength(1);
    const allowed = await flags('set-percentage', '--flag', 'new-area', '5', '--allow-ramp-down', '--reason', 'error spike');
    expect(allowed.code).toBe(0);
    expect(allowed.err).toContain('warning: this edit takes access away');
    expect((await auditLines())[1]).toMatchObject({ takesAccessAway: 'percentage goes down from 25% to 5%', reason: 'error spike' });
  });

  it('kill and unkill: recorded, and unkill restores the stage', async () => {
    await flags('set-stage', '--flag', 'new-area', 'ga');
    const kill = await flags('kill', '--flag', 'new-area', '--reason', 'incident 42');
    expect(kill.code).toBe(0);
    expect(await rollout()).toMatchObject({ stage: 'ga', killed: true });
    expect((await flags('unkill', '--flag', 'new-area')).code).toBe(0);
    expect(await rollout()).toEqual({ stage: 'ga', bucketBy: 'orgId' });
    expect((await auditLines()).map((e) => e['action'])).toEqual(['set-stage', 'kill', 'unkill']);
  });

  it('an edit that would make the document invalid is refused with the path: exit 2, nothing written', async () => {
    const before = await readFile(flagsPath, 'utf8');
    const r = await flags('set-percentage', '--flag', 'new-area', '12.345');
    expect(r.code).toBe(2);
    expect(r.err).toContain('$.flags.new-area.rollout.percentage');
    expect(await readFile(flagsPath, 'utf8')).toBe(before);
    expect(await auditLines()).toEqual([]);
  });

  it('a stage needing a percentage, an unknown flag and a flag without rollout are refused', async () => {
    expect((await flags('set-stage', '--flag', 'new-area', 'percentage')).err).toContain('is required at stage "percentage"');
    expect((await flags('kill', '--flag', 'nope')).err).toContain('no flag "nope"');
    await writeFile(flagsPath, JSON.stringify({ flags: { plain: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' } } }));
    expect((await flags('kill', '--flag', 'plain')).err).toContain('has no rollout block');
  });

  it.each(['0x10', '1e1', '12abc', '', 'Infinity'])('a percentage must be written as a decimal number (%j is refused, nothing written)', async (text) => {
    const before = await readFile(flagsPath, 'utf8');
    const r = await flags('set-percentage', '--flag', 'new-area', text);
    expect(r.code).toBe(2);
    expect(r.err).toContain('must be a number from 0 to 100');
    expect(await readFile(flagsPath, 'utf8')).toBe(before);
    expect(await auditLines()).toEqual([]);
  });

  it('a decimal percentage, with or without %, is read as written', async () => {
    expect((await flags('set-percentage', '--flag', 'new-area', '12.5%')).code).toBe(0);
    expect((await rollout())['percentage']).toBe(12.5);
  });

  it('an edit without an actor is refused', async () => {
    const io = memoryIo({ cwd: dir, env: {} });
    expect(await main(['flags', 'kill', '--flags', 'rollout.flagd.json', '--flag', 'new-area'], io)).toBe(2);
    expect(io.err()).toContain('--actor NAME or the ROLLGATE_ACTOR');
  });

  it('--actor beats the environment', async () => {
    await flags('kill', '--flag', 'new-area', '--actor', 'oncall-bob');
    expect((await auditLines())[0]!['actor']).toBe('oncall-bob');
  });

  it('--dry-run and no-op edits write nothing and add no entry', async () => {
    const before = await readFile(flagsPath, 'utf8');
    const dry = await flags('set-stage', '--flag', 'new-area', 'ga', '--dry-run');
    expect(dry.out).toContain('dry run: nothing written');
    const noop = await flags('set-stage', '--flag', 'new-area', 'admin');
    expect(noop.out).toContain('nothing to change');
    expect(await readFile(flagsPath, 'utf8')).toBe(before);
    expect(await auditLines()).toEqual([]);
  });

  it('--out writes the edited document elsewhere: the flags file and the audit log are untouched', async () => {
    const before = await readFile(flagsPath, 'utf8');
    const r = await flags('set-stage', '--flag', 'new-area', 'ga', '--out', 'next.json');
    expect(r.code).toBe(0);
    expect(r.out).toContain('the flags file and the audit log are unchanged');
    expect(await readFile(flagsPath, 'utf8')).toBe(before);
    expect(await auditLines()).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, 'next.json'), 'utf8')).flags['new-area'].rollout.stage).toBe('ga');
  });

  it('show prints who is in, and --format json the structured state', async () => {
    await flags('allow', '--flag', 'new-area', '--attribute', 'orgId', 'acme');
    await flags('set-percentage', '--flag', 'new-area', '5');
    const text = await flags('show', '--flag', 'new-area');
    expect(text.out).toContain('in:        admins and the allowlist, and 5% of units by orgId');
    const json = await flags('show', '--flag', 'child', '--format', 'json');
    expect(JSON.parse(json.out)).toMatchObject({ flag: 'child', stage: 'ga', requires: ['new-area'] });
  });

  it('concurrent edits are serialized by the lock: none is lost, the chain stays intact', async () => {
    const orgs = Array.from({ length: 8 }, (_, i) => `org-${i}`);
    const codes = await Promise.all(orgs.map((org) => flags('allow', '--flag', 'new-area', '--attribute', 'orgId', org)));
    expect(codes.map((c) => c.code)).toEqual(orgs.map(() => 0));
    expect(((await rollout())['allow'] as Record<string, string[]>)['orgId']!.sort()).toEqual(orgs);
    expect((await auditLines()).map((e) => e['seq'])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(verifyAuditLog(await readFile(auditPath, 'utf8')).ok).toBe(true);
  });

  it('--out naming the flags file or the audit log is refused (exit 2): nothing written, no entry', async () => {
    await flags('allow', '--flag', 'new-area', 'user-1');
    const before = await readFile(flagsPath, 'utf8');
    const log = await readFile(auditPath, 'utf8');
    await symlink(flagsPath, join(dir, 'link.json'));
    for (const out of ['rollout.flagd.json', './sub/../rollout.flagd.json', flagsPath, 'link.json']) {
      const r = await flags('kill', '--flag', 'new-area', '--out', out);
      expect(r.code, out).toBe(2);
      expect(r.err).toContain('is the flags file');
      expect(r.out).toBe('');
    }
    for (const out of ['rollout.flagd.audit.jsonl', 'custom.audit.jsonl']) {
      const r = await flags('kill', '--flag', 'new-area', '--out', out, ...(out === 'custom.audit.jsonl' ? ['--audit-log', out] : []));
      expect(r.code, out).toBe(2);
      expect(r.err).toContain(`--out ${join(dir, out)} is the audit log`);
    }
    expect(await readFile(flagsPath, 'utf8')).toBe(before);
    expect(await readFile(auditPath, 'utf8')).toBe(log);
    expect((await readdir(dir)).sort()).toEqual(['link.json', 'rollout.flagd.audit.jsonl', 'rollout.flagd.json']);
  });

  it('two flags files sharing one --audit-log, edited concurrently: appends are serialized, the chain stays intact', async () => {
    await writeFile(join(dir, 'other.json'), `${JSON.stringify(doc, null, 2)}\n`);
    const shared = join(dir, 'shared.audit.jsonl');
    const edit = async (file: string, org: string) => {
      const io = memoryIo({ cwd: dir, env: { ROLLGATE_ACTOR: 'ana' } });
      const code = await main(['flags', 'allow', '--flags', file, '--flag', 'new-area', '--attribute', 'orgId', org, '--audit-log', shared], io);
      return { code, err: io.err() };
    };
    for (let round = 0; round < 3; round += 1) {
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => edit(i % 2 === 0 ? 'rollout.flagd.json' : 'other.json', `org-${round}-${i}`)));
      expect(results).toEqual(results.map(() => ({ code: 0, err: '' })));
    }
    const text = await readFile(shared, 'utf8');
    expect(verifyAuditLog(text).ok).toBe(true);
    expect(text.trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect((await readdir(dir)).sort()).toEqual(['other.json', 'rollout.flagd.json', 'shared.audit.jsonl']);
  });

  it('--audit-log naming the flags file is refused (exit 2)', async () => {
    const before = await readFile(flagsPath, 'utf8');
    const r = await flags('kill', '--flag', 'new-area', '--audit-log', 'rollout.flagd.json');
    expect(r.code).toBe(2);
    expect(r.err).toContain('is the flags file');
    expect(await readFile(flagsPath, 'utf8')).toBe(before);
  });

  it('a lock left by a dead process is taken over', async () => {
    await writeFile(`${flagsPath}.lock`, '999999999 2026-01-01T00:00:00.000Z\n');
    expect((await flags('kill', '--flag', 'new-area')).code).toBe(0);
  });

  it('a lock left by a dead process is taken over by exactly one of many concurrent edits: none is lost, the chain stays intact', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!; // a pid that has just exited
    const orgs: string[] = [];
    for (let round = 0; round < 6; round += 1) {
      await writeFile(`${flagsPath}.lock`, `${dead} 2026-01-01T00:00:00.000Z\n`);
      const batch = Array.from({ length: 8 }, (_, i) => `org-${round}-${i}`);
      orgs.push(...batch);
      const results = await Promise.all(batch.map((org) => flags('allow', '--flag', 'new-area', '--attribute', 'orgId', org)));
      expect(results.map((r) => r.err)).toEqual(batch.map(() => ''));
    }
    expect(((await rollout())['allow'] as Record<string, string[]>)['orgId']!.sort()).toEqual(orgs.sort());
    expect((await auditLines()).map((e) => e['seq'])).toEqual(orgs.map((_, i) => i + 1));
    expect(verifyAuditLog(await readFile(auditPath, 'utf8')).ok).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['rollout.flagd.audit.jsonl', 'rollout.flagd.json']);
  });

  it('a lock held by a live process is not broken: the edit gives up with LOCKED, naming the holder', async () => {
    const lock = `${flagsPath}.lock`;
    await writeFile(lock, `${process.pid} 2026-01-01T00:00:00.000Z\n`);
    const attempt = withFileLock(lock, async () => 'ran', { timeoutMs: 100, retryMs: 10 });
    await expect(attempt).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringContaining(`held by another edit (${process.pid}`) });
    expect(await readFile(lock, 'utf8')).toContain(String(process.pid));
  });

  it('keeps the file\'s indentation', async () => {
    await writeFile(flagsPath, `${JSON.stringify(doc, null, 4)}\n`);
    await flags('kill', '--flag', 'new-area');
    expect(await readFile(flagsPath, 'utf8')).toMatch(/^\{\n {4}"flags"/);
  });
});
