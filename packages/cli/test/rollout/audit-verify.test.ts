import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAuditEntry, entryHash, serializeAuditEntry, type AuditEntry, type AuditEntryInput } from '../../src/audit/audit-entry.js';
import { appendAuditEntry } from '../../src/audit/audit-log-file.js';
import { verifyAuditLog } from '../../src/audit/verify-audit-log.js';
import { main } from '../../src/main.js';
import { memoryIo } from '../support/memory-io.js';

const input = (i: number): AuditEntryInput => ({
  time: `2026-11-21T01:0${i}:00.000Z`,
  actor: 'ana',
  reason: i === 2 ? 'ramp' : null,
  file: 'rollout.flagd.json',
  flag: 'new-area',
  action: 'set-percentage',
  args: { percentage: i * 5 },
  changes: [{ path: '$.flags.new-area.rollout.percentage', before: (i - 1) * 5, after: i * 5 }],
  takesAccessAway: null,
  fileHashBefore: 'a'.repeat(64),
  fileHashAfter: 'b'.repeat(64),
});

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 1; i <= n; i++) {
    const prev = out[out.length - 1];
    out.push(buildAuditEntry(input(i), prev === undefined ? undefined : { seq: prev.seq, hash: prev.hash }));
  }
  return out;
}

const text = (entries: AuditEntry[]) => entries.map((e) => `${serializeAuditEntry(e)}\n`).join('');

describe('audit entries: a pure builder with a fixed clock gives a fixed wire format', () => {
  it('the first entry chains to the genesis hash; hashes are SHA-256 of the canonical content', () => {
    const [first, second] = chain(2);
    expect(first!.seq).toBe(1);
    expect(first!.prevHash).toBe('0'.repeat(64));
    expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first!.hash).toBe(entryHash(first!));
    expect(second!.prevHash).toBe(first!.hash);
    // Same input, same entry: nothing random, nothing from the wall clock.
    expect(chain(2)).toEqual([first, second]);
    expect(Object.keys(JSON.parse(serializeAuditEntry(first!)) as object)).toEqual([
      'v', 'seq', 'time', 'actor', 'reason', 'file', 'flag', 'action', 'args', 'changes', 'takesAccessAway', 'fileHashBefore', 'fileHashAfter', 'prevHash', 'hash',
    ]);
  });
});

describe('audit verify detects an edited, removed or torn entry and says which line', () => {
  it('an intact log verifies, with its head', () => {
    const entries = chain(4);
    const r = verifyAuditLog(text(entries));
    expect(r).toMatchObject({ ok: true, entries: 4, head: { seq: 4, hash: entries[3]!.hash }, problems: [] });
  });

  it('an edited entry (content changed, hash left alone)', () => {
    const lines = text(chain(4)).split('\n');
    lines[1] = lines[1]!.replace('"actor":"ana"', '"actor":"mallory"');
    const r = verifyAuditLog(lines.join('\n'));
    expect(r.problems).toEqual([{ line: 2, kind: 'edited', message: 'line 2 (entry #2): edited: its content no longer matches its hash' }]);
  });

  it('an edited entry whose hash was recomputed breaks the link of the next line', () => {
    const entries = chain(4);
    const forged = { ...entries[1]!, actor: 'mallory' };
    const rehashed = { ...forged, hash: entryHash(forged) };
    const r = verifyAuditLog(text([entries[0]!, rehashed, entries[2]!, entries[3]!]));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 3, kind: 'reordered' });
  });

  it('a removed entry in the middle', () => {
    const entries = chain(4);
    const r = verifyAuditLog(text([entries[0]!, entries[1]!, entries[3]!]));
    expect(r.problems).toEqual([{ line: 3, kind: 'removed', message: 'line 3 (entry #4): 1 entry removed between entry #2 and #4' }]);
  });

  it('removed entries at the start', () => {
    const entries = chain(4);
    const r = verifyAuditLog(text(entries.slice(2)));
    expect(r.problems[0]).toMatchObject({ line: 1, kind: 'removed', message: 'line 1 (entry #3): 2 entries removed at the start of the log' });
  });

  it('a torn last entry (an append cut short)', () => {
    const full = text(chain(3));
    const torn = full.slice(0, full.length - 40);
    const r = verifyAuditLog(torn);
    expect(r.problems).toEqual([{ line: 3, kind: 'torn', message: 'line 3: torn entry (the last line is incomplete: an append was interrupted)' }]);
    expect(r.head?.seq).toBe(2);
  });

  it('garbage in the middle is named by line', () => {
    const lines = text(chain(3)).split('\n');
    lines.splice(1, 0, '{"oops":');
    expect(verifyAuditLog(lines.join('\n')).problems[0]).toMatchObject({ line: 2, kind: 'invalid' });
  });

  it('an append after a torn entry keeps the fragment visible and chains to the last entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rollgate-audit-'));
    const path = join(dir, 'log.jsonl');
    const full = text(chain(2));
    await writeFile(path, `${full}{"v":1,"seq":3,"ti`);
    const appended = await appendAuditEntry(path, (head) => buildAuditEntry(input(3), head));
    expect(appended.seq).toBe(3);
    const r = verifyAuditLog(await readFile(path, 'utf8'));
    expect(r.problems.map((p) => [p.line, p.kind])).toEqual([[3, 'invalid']]);
    expect(r.head?.seq).toBe(3);
  });
});

describe('rollgate audit verify / log (CLI)', () => {
  async function setup() {
    const dir = await mkdtemp(join(tmpdir(), 'rollgate-audit-cli-'));
    await writeFile(join(dir, 'f.json'), JSON.stringify({ flags: { a: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', rollout: { stage: 'admin' } } } }));
    const run = async (...argv: string[]) => {
      const io = memoryIo({ cwd: dir, env: { ROLLGATE_ACTOR: 'ana' } });
      const code = await main(argv, io);
      return { code, out: io.out(), err: io.err() };
    };
    await run('flags', 'set-stage', '--flags', 'f.json', '--flag', 'a', 'allowlist', '--reason', 'first');
    await run('flags', 'set-percentage', '--flags', 'f.json', '--flag', 'a', '5');
    await run('flags', 'kill', '--flags', 'f.json', '--flag', 'a', '--reason', 'incident');
    return { dir, run };
  }

  it('verify: exit 0 on an intact log, exit 1 naming the line of a tampered entry', async () => {
    const { dir, run } = await setup();
    const ok = await run('audit', 'verify', '--flags', 'f.json');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('ok, 3 entries, chain intact; head #3');
    const log = join(dir, 'f.audit.jsonl');
    const lines = (await readFile(log, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('"percentage":5', '"percentage":50');
    await writeFile(log, lines.join('\n'));
    const bad = await run('audit', 'verify', '--flags', 'f.json');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('FAILED, 1 problem in 3 entries:\n  line 2 (entry #2): edited');
  });

  it('verify --flags: a file changed outside rollgate, or entries cut from the end, are caught', async () => {
    const { dir, run } = await setup();
    const log = join(dir, 'f.audit.jsonl');
    const lines = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    await writeFile(log, `${lines.slice(0, 2).join('\n')}\n`); // the kill's entry removed
    const r = await run('audit', 'verify', '--flags', 'f.json');
    expect(r.code).toBe(1);
    expect(r.out).toContain('is not what entry #2 (line 2) wrote');
    // Without --flags the truncated log still looks intact: the documented limit.
    expect((await run('audit', 'verify', '--audit-log', 'f.audit.jsonl')).code).toBe(0);
  });

  it('log prints the history readably, filtered by flag', async () => {
    const { run } = await setup();
    const r = await run('audit', 'log', '--flags', 'f.json', '--flag', 'a');
    expect(r.code).toBe(0);
    const out = r.out.split('\n');
    expect(out[0]).toMatch(/^#1 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}ana {2}set-stage allowlist {2}a {2}"first"$/);
    expect(r.out).toContain('rollout.stage: "admin" -> "allowlist"');
    expect(r.out).toContain('! takes access away: kill switch');
    expect((await run('audit', 'log', '--flags', 'f.json', '--flag', 'other')).out).toBe('no entries for flag "other"\n');
  });

  it('verify of a missing log is bad input (exit 2)', async () => {
    const { run } = await setup();
    expect((await run('audit', 'verify', '--audit-log', 'nope.jsonl')).code).toBe(2);
  });
});
