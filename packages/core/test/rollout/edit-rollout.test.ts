import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate.js';
import { compileFlagdWithRollout } from '../../src/rollout/compile-flagd-with-rollout.js';
import { applyRolloutEdit } from '../../src/rollout/edit-rollout.js';

const doc = () => ({
  flags: {
    area: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', rollout: { stage: 'allowlist', allow: { orgId: ['acme'] } } },
    plain: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' },
  },
});

describe('rollout edits validate the whole new document and report what changed', () => {
  it('set-percentage from allowlist moves to stage percentage (a ramp up, no warning)', () => {
    const r = applyRolloutEdit(doc(), 'area', { kind: 'set-percentage', percentage: 5 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.after).toEqual({ stage: 'percentage', allow: { orgId: ['acme'] }, percentage: 5 });
    expect(r.value.changes).toEqual([
      { path: '$.flags.area.rollout.stage', before: 'allowlist', after: 'percentage' },
      { path: '$.flags.area.rollout.percentage', after: 5 },
    ]);
    expect(r.value.takesAccessAway).toBeUndefined();
    expect(r.value.compiled.flags.has('area')).toBe(true);
  });

  it('does not modify its input', () => {
    const input = doc();
    applyRolloutEdit(input, 'area', { kind: 'kill' });
    expect(input).toEqual(doc());
  });

  it('a lower percentage, a lower stage, a disallow and a kill take access away', () => {
    const at25 = { flags: { area: { ...doc().flags.area, rollout: { stage: 'percentage', percentage: 25, allow: { orgId: ['acme'] } } } } };
    const down = applyRolloutEdit(at25, 'area', { kind: 'set-percentage', percentage: 5 });
    expect(down.ok && down.value.takesAccessAway).toBe('percentage goes down from 25% to 5%');
    const stage = applyRolloutEdit(at25, 'area', { kind: 'set-stage', stage: 'allowlist' });
    expect(stage.ok && stage.value.takesAccessAway).toBe('stage goes down from "percentage" to "allowlist"');
    const dis = applyRolloutEdit(at25, 'area', { kind: 'disallow', attribute: 'orgId', values: ['acme'] });
    expect(dis.ok && dis.value.takesAccessAway).toContain('removes orgId "acme"');
    expect(dis.ok && dis.value.after).toEqual({ stage: 'percentage', percentage: 25 });
    const kill = applyRolloutEdit(at25, 'area', { kind: 'kill' });
    expect(kill.ok && kill.value.takesAccessAway).toContain('kill switch');
  });

  it('unkill drops the killed field; allow appends without duplicates and notes it', () => {
    const killed = applyRolloutEdit(doc(), 'area', { kind: 'kill' });
    if (!killed.ok) throw new Error('kill failed');
    const back = applyRolloutEdit(killed.value.document, 'area', { kind: 'unkill' });
    expect(back.ok && back.value.after).toEqual(doc().flags.area.rollout);
    const allow = applyRolloutEdit(doc(), 'area', { kind: 'allow', attribute: 'orgId', values: ['acme', 'initech'] });
    expect(allow.ok && allow.value.after).toMatchObject({ allow: { orgId: ['acme', 'initech'] } });
    expect(allow.ok && allow.value.notes).toEqual(['orgId "acme" was already allowed']);
  });

  it('rejects an edit whose result would not load, naming the path', () => {
    const r = applyRolloutEdit(doc(), 'area', { kind: 'set-percentage', percentage: 12.345 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error[0]).toMatchObject({ path: '$.flags.area.rollout.percentage' });
    const s = applyRolloutEdit(doc(), 'area', { kind: 'set-stage', stage: 'percentage' });
    expect(!s.ok && s.error[0]!.message).toBe('is required at stage "percentage"');
  });

  it('rejects unknown flags and flags without a rollout block', () => {
    const missing = applyRolloutEdit(doc(), 'nope', { kind: 'kill' });
    expect(!missing.ok && missing.error[0]!.message).toContain('no flag "nope" (flags: area, plain)');
    const plain = applyRolloutEdit(doc(), 'plain', { kind: 'kill' });
    expect(!plain.ok && plain.error[0]!.path).toBe('$.flags.plain.rollout');
  });
});

describe('an edit not flagged as taking access away never takes it from anyone (property)', () => {
  it('over random sequences of edits and a population of users in orgs', () => {
    const population = Array.from({ length: 120 }, (_, i) => ({ targetingKey: `u${i}`, orgId: `o${i % 12}`, ...(i % 31 === 0 ? { isAdmin: true } : {}) }));
    const orgs = ['o1', 'o2', 'o3'];
    const editArb = fc.oneof(
      fc.record({ kind: fc.constant('set-stage' as const), stage: fc.constantFrom('admin', 'allowlist', 'percentage', 'ga') as never, percentage: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ kind: fc.constant('set-percentage' as const), percentage: fc.integer({ min: 0, max: 10000 }).map((bp) => bp / 100) }),
      fc.record({ kind: fc.constantFrom('allow' as const, 'disallow' as const), attribute: fc.constant('orgId'), values: fc.subarray(orgs, { minLength: 1 }) }),
      fc.record({ kind: fc.constantFrom('kill' as const, 'unkill' as const) }),
    );
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 12 }), (edits) => {
        let current: unknown = { flags: { area: { state: 'ENABLED', rollout: { stage: 'admin', bucketBy: 'orgId' } } } };
        for (const edit of edits) {
          const r = applyRolloutEdit(current, 'area', edit);
          if (!r.ok) continue; // e.g. stage percentage without a percentage: refused, nothing changes
          if (r.value.takesAccessAway === undefined) {
            const before = compileOrThrow(current);
            for (const c of population) {
              const was = evaluate(before, 'area', 'boolean', false, c).value;
              const is = evaluate(r.value.compiled, 'area', 'boolean', false, c).value;
              if (was === true && is === false) return false;
            }
          }
          current = r.value.document;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });
});

function compileOrThrow(doc: unknown) {
  const r = compileFlagdWithRollout(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}
