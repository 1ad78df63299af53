import { describe, expect, it } from 'vitest';
import { compileFlagdWithRollout } from '../../src/rollout/compile-flagd-with-rollout.js';
import { evaluate } from '../../src/evaluate.js';
import type { CompiledDocument, EvaluationContext } from '../../src/types.js';

const bool = { variants: { on: true, off: false }, defaultVariant: 'off' };

function load(flags: Record<string, unknown>): CompiledDocument {
  const r = compileFlagdWithRollout({ flags });
  if (!r.ok) throw new Error(JSON.stringify(r.error, null, 1));
  return r.value;
}

function rejected(flags: Record<string, unknown>) {
  const r = compileFlagdWithRollout({ flags });
  if (r.ok) throw new Error('expected the document to be rejected');
  return r.error;
}

const adminOnly = { state: 'ENABLED', ...bool, rollout: { stage: 'admin' } };
const ga = { state: 'ENABLED', ...bool, rollout: { stage: 'ga' } };
const admin: EvaluationContext = { targetingKey: 'root', isAdmin: true };
const member: EvaluationContext = { targetingKey: 'user-1' };

describe('requires: a child is off whenever its parent is off for that context', () => {
  it('child at GA under an admin-only parent: on for admins, off for everyone else', () => {
    const doc = load({ area: adminOnly, batch: { ...ga, requires: ['area'] } });
    expect(evaluate(doc, 'batch', 'boolean', true, admin)).toMatchObject({ value: true, variant: 'on', reason: 'TARGETING_MATCH' });
    expect(evaluate(doc, 'batch', 'boolean', true, member)).toMatchObject({ value: false, variant: 'off', reason: 'TARGETING_MATCH' });
  });

  it('the explain trace names the parent and why it is off; metadata lists the parents', () => {
    const doc = load({ area: adminOnly, batch: { ...ga, requires: ['area'] } });
    const r = evaluate(doc, 'batch', 'boolean', true, member, { explain: true });
    const step = r.trace!.find((s) => s.data?.['rule'] === 'requires');
    expect(step).toMatchObject({ path: '$.flags.batch.requires[0]', data: { parent: 'area', decision: 'out' } });
    expect(step!.message).toContain('requires "area": parent is off');
    // The parent's own reasoning is in the same trace.
    expect(r.trace!.some((s) => s.path.startsWith('$.flags.area.rollout'))).toBe(true);
    expect(r.flagMetadata['requires']).toBe('area');
  });

  it('a parent that is DISABLED, false, or has no variant counts as off (fail closed)', () => {
    const doc = load({
      disabled: { state: 'DISABLED', ...bool },
      falsy: { state: 'ENABLED', variants: { yes: true, no: false }, defaultVariant: 'no' },
      none: { state: 'ENABLED', variants: { a: 'x' }, defaultVariant: null },
      truthy: { state: 'ENABLED', ...bool, defaultVariant: 'on' },
      stringy: { state: 'ENABLED', variants: { test: 'test', control: 'control' }, defaultVariant: 'control' },
      c1: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on', requires: ['disabled'] },
      c2: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on', requires: ['falsy'] },
      c3: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on', requires: ['none'] },
      c4: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on', requires: ['truthy', 'stringy'] },
    });
    expect(evaluate(doc, 'c1', 'boolean', true, member).value).toBe(false);
    expect(evaluate(doc, 'c2', 'boolean', true, member).value).toBe(false);
    expect(evaluate(doc, 'c3', 'boolean', true, member).value).toBe(false);
    // Both parents on: the child's own answer (its default variant, reason DEFAULT).
    expect(evaluate(doc, 'c4', 'boolean', false, member)).toMatchObject({ value: true, variant: 'on' });
  });

  it('a parent rule sees its own flag key and the evaluation clock', () => {
    const doc = load({
      area: { state: 'ENABLED', ...bool, targeting: { if: [{ and: [{ '==': [{ var: '$flagd.flagKey' }, 'area'] }, { '>': [{ var: '$flagd.timestamp' }, 1000] }] }, 'on', 'off'] } },
      batch: { ...ga, requires: ['area'] },
    });
    expect(evaluate(doc, 'batch', 'boolean', false, member, { now: 5_000_000 }).value).toBe(true);
    expect(evaluate(doc, 'batch', 'boolean', true, member, { now: 500_000 }).value).toBe(false);
  });

  it('a chain: the grandparent off turns off parent and child', () => {
    const doc = load({ area: adminOnly, merge: { ...ga, requires: ['area'] }, 'merge-ui': { ...ga, requires: ['merge'] } });
    expect(evaluate(doc, 'merge-ui', 'boolean', true, member).value).toBe(false);
    expect(evaluate(doc, 'merge-ui', 'boolean', false, admin).value).toBe(true);
    const r = evaluate(doc, 'merge-ui', 'boolean', true, member, { explain: true });
    expect(r.trace!.filter((s) => s.data?.['rule'] === 'requires').map((s) => s.data?.['parent'])).toEqual(['area', 'merge']);
  });

  it('a child with named variants serves its rollout off variant', () => {
    const doc = load({
      area: adminOnly,
      strategy: { state: 'ENABLED', variants: { smart: 'smart', classic: 'classic' }, defaultVariant: 'classic', rollout: { stage: 'ga', on: 'smart', off: 'classic' }, requires: ['area'] },
    });
    expect(evaluate(doc, 'strategy', 'string', 'x', member)).toMatchObject({ value: 'classic', variant: 'classic' });
    expect(evaluate(doc, 'strategy', 'string', 'x', admin)).toMatchObject({ value: 'smart', variant: 'smart' });
  });

  it('a plain string child falls back to its default variant while the parent is off', () => {
    const doc = load({ area: adminOnly, exp: { state: 'ENABLED', variants: { a: 'a', b: 'b' }, defaultVariant: 'a', targeting: { if: [true, 'b'] }, requires: ['area'] } });
    expect(evaluate(doc, 'exp', 'string', 'z', member)).toMatchObject({ value: 'a', reason: 'DEFAULT' });
    expect(evaluate(doc, 'exp', 'string', 'z', admin)).toMatchObject({ value: 'b', reason: 'TARGETING_MATCH' });
  });
});

describe('requires: cycles and missing parents are rejected at load, naming the chain', () => {
  it('a two-flag cycle', () => {
    const issues = rejected({ a: { ...ga, requires: ['b'] }, b: { ...ga, requires: ['a'] } });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toBe('requires cycle: a -> b -> a');
    expect(issues[0]!.path).toBe('$.flags.b.requires[0]');
  });
  it('a self-reference', () => {
    expect(rejected({ a: { ...ga, requires: ['a'] } }).map((i) => i.message)).toEqual(['requires cycle: a -> a']);
  });
  it('a longer cycle hanging off a healthy flag', () => {
    const issues = rejected({ root: { ...ga, requires: ['x'] }, x: { ...ga, requires: ['y'] }, y: { ...ga, requires: ['z'] }, z: { ...ga, requires: ['x'] } });
    expect(issues.map((i) => i.message)).toEqual(['requires cycle: x -> y -> z -> x']);
  });
  it('a missing parent, with the chain of flags that depend on it', () => {
    const issues = rejected({ top: { ...ga, requires: ['mid'] }, mid: { ...ga, requires: ['gone'] } });
    expect(issues).toEqual([{ path: '$.flags.mid.requires[0]', flagKey: 'mid', message: 'requires "gone", which is not defined (top -> mid -> gone)' }]);
  });
  it('a parent listed twice', () => {
    expect(rejected({ a: ga, b: { ...ga, requires: ['a', 'a'] } })[0]!.message).toBe('requires "a" twice');
  });
  it('a boolean child with no false variant could never be off', () => {
    const issues = rejected({ a: ga, b: { state: 'ENABLED', variants: { yes: true }, defaultVariant: 'yes', requires: ['a'] } });
    expect(issues[0]!.path).toBe('$.flags.b.variants');
  });
});

describe('a rollout flag without variants is the boolean on/off flag', () => {
  it('defaults variants to {"on": true, "off": false}', () => {
    const doc = load({ area: { state: 'ENABLED', rollout: { stage: 'admin' } } });
    expect(doc.flags.get('area')).toMatchObject({ type: 'boolean', variants: { on: true, off: false } });
    expect(evaluate(doc, 'area', 'boolean', false, admin)).toMatchObject({ value: true, variant: 'on', reason: 'TARGETING_MATCH' });
    expect(evaluate(doc, 'area', 'boolean', true, member)).toMatchObject({ value: false, variant: 'off' });
  });
  it('a plain flag without variants is still rejected', () => {
    expect(rejected({ plain: { state: 'ENABLED' } })[0]!.path).toBe('$.flags.plain.variants');
  });
});

describe('requires and change events: a child counts as changed when a parent changes', () => {
  it('diffDocuments lists the child (and grandchild) of a changed parent', async () => {
    const { diffDocuments } = await import('../../src/diff-documents.js');
    const before = load({ area: adminOnly, batch: { ...ga, requires: ['area'] }, ui: { ...ga, requires: ['batch'] }, other: ga });
    const after = load({ area: { ...adminOnly, rollout: { stage: 'ga' } }, batch: { ...ga, requires: ['area'] }, ui: { ...ga, requires: ['batch'] }, other: ga });
    expect(diffDocuments(before, after).changed.sort()).toEqual(['area', 'batch', 'ui']);
    expect(diffDocuments(before, load({ area: adminOnly, batch: { ...ga, requires: ['area'] }, ui: { ...ga, requires: ['batch'] }, other: ga })).changed).toEqual([]);
  });
});
