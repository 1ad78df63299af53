// The PostHog dialect's contract with the engine: validation with JSON paths, the OpenFeature
// mapping of PostHog values, the context mapping, and fallbacks reported as such.
import { describe, expect, it } from 'vitest';
import { evaluate } from '@rollgate/core';
import type { CompiledDocument } from '@rollgate/core';
import { compilePosthog, evaluatePosthog, posthogHash } from '@rollgate/core/posthog';
import { relativeDate } from '../../src/posthog/relative-date.js';
import { parseVersion } from '../../src/posthog/semver.js';

function compile(doc: unknown): CompiledDocument {
  const r = compilePosthog(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const flag = (key: string, filters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ key, active: true, filters, ...extra });
const everyone = (rollout = 100, properties: unknown[] = []) => ({ properties, rollout_percentage: rollout });

describe('compilePosthog: a bad document is rejected whole, every problem with its JSON path', () => {
  it('names the flag and the path of each structural problem', () => {
    const r = compilePosthog({
      flags: [
        { key: 'a', active: 'yes', filters: { groups: [{ rollout_percentage: '50' }] } },
        { key: 'b', active: true, filters: { multivariate: { variants: [{ key: 'x' }] } } },
        { key: 'b', active: true },
        { active: true },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual(
      expect.arrayContaining([
        { path: '$.flags[0].active', flagKey: 'a', message: 'must be true or false' },
        { path: '$.flags[0].filters.groups[0].rollout_percentage', flagKey: 'a', message: 'must be a number, got string "50"' },
        { path: '$.flags[1].filters.multivariate.variants[0]', flagKey: 'b', message: 'must be { key: string, rollout_percentage: number }' },
        { path: '$.flags[2].key', message: 'duplicate flag key "b"' },
        { path: '$.flags[3].key', message: 'must be a non-empty string' },
      ]),
    );
  });

  it('rejects a document without a flags array', () => {
    expect(compilePosthog([])).toEqual({ ok: false, error: [{ path: '$', message: expect.stringContaining('"flags" array') }] });
    expect(compilePosthog({ flags: {} })).toEqual({ ok: false, error: [{ path: '$.flags', message: expect.any(String) }] });
  });

  it('accepts fields it does not read (PostHog adds fields; an app must not break on them)', () => {
    const r = compilePosthog({ flags: [{ key: 'a', active: true, deleted: false, evaluation_runtime: 'all', new_field: { x: 1 }, filters: { groups: [everyone()] } }], minimal_flag_called_events: true });
    expect(r.ok).toBe(true);
  });
});

describe('OpenFeature mapping of PostHog values (README: PostHog flags in OpenFeature)', () => {
  const doc = compile({
    flags: [
      { id: 7, key: 'bool', active: true, has_experiment: false, filters: { groups: [everyone(100, [{ key: 'plan', type: 'person', operator: 'exact', value: 'pro' }])] } },
      flag('multi', { groups: [everyone()], multivariate: { variants: [{ key: 'control', rollout_percentage: 50 }, { key: 'test', rollout_percentage: 50 }] } }),
      { key: 'off', active: false, filters: { groups: [everyone()] } },
      flag('continuity', { groups: [everyone()] }, { ensure_experience_continuity: true }),
      flag('held', { holdout: { id: 3, exclusion_percentage: 100 }, groups: [everyone()] }),
    ],
  });

  it('a flag without variants is a boolean flag: true when a condition matches, false (DEFAULT) otherwise', () => {
    expect(evaluate(doc, 'bool', 'boolean', false, { targetingKey: 'u', plan: 'PRO' })).toMatchObject({ ok: true, value: true, variant: 'true', reason: 'TARGETING_MATCH', flagMetadata: { posthogFlagId: 7, posthogHasExperiment: false } });
    expect(evaluate(doc, 'bool', 'boolean', true, { targetingKey: 'u', plan: 'free' })).toMatchObject({ ok: true, value: false, variant: 'false', reason: 'DEFAULT' });
  });

  it('a multivariate flag is a string flag whose value is the variant key, bucketed like PostHog', () => {
    const ids = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    for (const id of ids) {
      const expected = posthogHash('multi', id, 'variant') < 0.5 ? 'control' : 'test';
      expect(evaluate(doc, 'multi', 'string', 'none', { targetingKey: id })).toMatchObject({ value: expected, variant: expected, reason: 'TARGETING_MATCH' });
    }
  });

  it('valuesByType: a multivariate flag read as boolean answers "enabled", as object its payload; other types mismatch', () => {
    const chosen = evaluate(doc, 'multi', 'string', 'none', { targetingKey: 'u1' }).variant;
    expect(evaluate(doc, 'multi', 'boolean', false, { targetingKey: 'u1' })).toMatchObject({ ok: true, value: true, variant: chosen, reason: 'TARGETING_MATCH' });
    // No payloads in this document: the caller's default, the chosen variant kept for telemetry.
    expect(evaluate(doc, 'multi', 'object', { none: true }, { targetingKey: 'u1' })).toMatchObject({ ok: true, value: { none: true }, variant: chosen, reason: 'DEFAULT' });
    expect(evaluate(doc, 'multi', 'number', 0, { targetingKey: 'u1' })).toMatchObject({ ok: false, errorCode: 'TYPE_MISMATCH' });
    expect(evaluate(doc, 'bool', 'string', 'x', { targetingKey: 'u', plan: 'pro' })).toMatchObject({ ok: false, errorCode: 'TYPE_MISMATCH' });
  });

  it('a multivariate flag that matched nothing reads as boolean false (not enabled, as isFeatureEnabled says), not the caller default', () => {
    const gated = compile({
      flags: [flag('gated', { groups: [everyone(100, [{ key: 'plan', type: 'person', operator: 'exact', value: 'pro' }])], multivariate: { variants: [{ key: 'a', rollout_percentage: 50 }, { key: 'b', rollout_percentage: 50 }] } })],
    });
    expect(evaluatePosthog(gated, 'gated', { targetingKey: 'u', plan: 'free' }).value).toBe(false);
    expect(evaluate(gated, 'gated', 'boolean', true, { targetingKey: 'u', plan: 'free' })).toMatchObject({ ok: true, value: false, variant: undefined, reason: 'DEFAULT' });
    // No variant has a string or payload answer for it: those readings keep the caller's default.
    expect(evaluate(gated, 'gated', 'string', 'none', { targetingKey: 'u', plan: 'free' })).toMatchObject({ value: 'none', reason: 'DEFAULT' });
    expect(evaluate(gated, 'gated', 'object', { none: true }, { targetingKey: 'u', plan: 'free' })).toMatchObject({ value: { none: true }, reason: 'DEFAULT' });
    expect(evaluate(gated, 'gated', 'boolean', false, { targetingKey: 'u', plan: 'pro' })).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
  });

  it('an inactive flag is DISABLED (the caller default), and evaluatePosthog says false as PostHog does', () => {
    expect(evaluate(doc, 'off', 'boolean', true, { targetingKey: 'u' })).toMatchObject({ ok: true, value: true, reason: 'DISABLED' });
    expect(evaluatePosthog(doc, 'off', { targetingKey: 'u' })).toEqual({ value: false, payload: null });
  });

  it('what local evaluation cannot decide is an ERROR naming PostHog\'s reason, with the caller default', () => {
    expect(evaluate(doc, 'continuity', 'boolean', false, { targetingKey: 'u' })).toMatchObject({
      ok: false, value: false, errorCode: 'GENERAL', errorMessage: expect.stringContaining('(experience_continuity)'),
    });
    expect(evaluatePosthog(doc, 'continuity', { targetingKey: 'u' })).toMatchObject({ value: undefined, unresolved: { reason: 'experience_continuity' } });
  });

  it('a missing targetingKey is TARGETING_KEY_MISSING (PostHog needs a distinct id)', () => {
    expect(evaluate(doc, 'bool', 'boolean', false, { plan: 'pro' })).toMatchObject({ ok: false, errorCode: 'TARGETING_KEY_MISSING' });
  });

  it('a holdout answers holdout-<id> (false for a boolean flag)', () => {
    expect(evaluatePosthog(doc, 'held', { targetingKey: 'u' }).value).toBe('holdout-3');
    expect(evaluate(doc, 'held', 'boolean', true, { targetingKey: 'u' })).toMatchObject({ value: false, variant: 'holdout-3' });
  });
});

describe('context mapping: targetingKey is the distinct id, attributes are person properties', () => {
  const doc = compile({
    flags: [
      flag('by-id', { groups: [everyone(100, [{ key: 'distinct_id', type: 'person', operator: 'exact', value: 'alice' }])] }),
      flag('org', { aggregation_group_type_index: 0, groups: [everyone(100, [{ key: '$group_key', type: 'group', operator: 'exact', value: 'acme' }]), everyone(100, [{ key: 'tier', type: 'group', operator: 'exact', value: 'gold' }])] }),
      flag('not-a-property', { groups: [everyone(100, [{ key: 'groups', type: 'person', operator: 'is_set', value: 'is_set' }])] }),
      flag('alice-pro', { groups: [everyone(100, [{ key: 'distinct_id', type: 'person', operator: 'exact', value: 'alice' }, { key: 'plan', type: 'person', operator: 'exact', value: 'pro' }])] }),
    ],
    group_type_mapping: { '0': 'company' },
  });

  it('distinct_id is a person property unless the context sets its own', () => {
    expect(evaluatePosthog(doc, 'by-id', { targetingKey: 'alice' }).value).toBe(true);
    expect(evaluatePosthog(doc, 'by-id', { targetingKey: 'alice', distinct_id: 'bob' }).value).toBe(false);
  });

  it('groups and groupProperties carry group analytics; $group_key is the group key', () => {
    expect(evaluatePosthog(doc, 'org', { targetingKey: 'u', groups: { company: 'acme' } }).value).toBe(true);
    expect(evaluatePosthog(doc, 'org', { targetingKey: 'u', groups: { company: 'x' }, groupProperties: { company: { tier: 'gold' } } }).value).toBe(true);
    expect(evaluatePosthog(doc, 'org', { targetingKey: 'u', groups: { company: 'x' }, groupProperties: { company: { tier: 'silver' } } }).value).toBe(false);
    expect(evaluatePosthog(doc, 'org', { targetingKey: 'u' }).value).toBe(false);
  });

  it('targetingKey, groups and groupProperties are structure, never person properties', () => {
    expect(evaluatePosthog(doc, 'not-a-property', { targetingKey: 'u', groups: {} }).unresolved?.reason).toBe('missing_context');
  });

  it('an evaluation started while another reads the context (a getter) keeps each its own inputs', () => {
    // Evaluation state is reused between evaluations; a nested one must not share it.
    // The getter runs between the flag's two filters: the second must still read this context.
    const inner: boolean[] = [];
    const context = {
      targetingKey: 'bob',
      plan: 'pro',
      get distinct_id() {
        inner.push(evaluatePosthog(doc, 'by-id', { targetingKey: 'alice' }).value === true);
        return 'alice';
      },
    };
    expect(evaluatePosthog(doc, 'alice-pro', context).value).toBe(true);
    expect(evaluate(doc, 'alice-pro', 'boolean', false, context).value).toBe(true);
    expect(inner).toEqual([true, true]);
    // And the outer person's properties are not left behind for the next evaluation.
    expect(evaluatePosthog(doc, 'by-id', { targetingKey: 'carol' }).value).toBe(false);
    expect(evaluate(doc, 'by-id', 'boolean', false, { targetingKey: 'alice' }).value).toBe(true);
  });
});

describe('evaluation can never hang', () => {
  it("circular flag dependencies are undecidable (as PostHog's empty dependency_chain), not infinite", () => {
    const dep = (on: string) => ({ key: on, type: 'flag', operator: 'flag_evaluates_to', value: true, dependency_chain: [on] });
    const doc = compile({ flags: [flag('a', { groups: [everyone(100, [dep('b')])] }), flag('b', { groups: [everyone(100, [dep('a')])] })] });
    expect(evaluatePosthog(doc, 'a', { targetingKey: 'u' })).toMatchObject({ unresolved: { reason: 'unsupported_definition', message: expect.stringContaining('circular') } });
  });

  it('a catastrophic regex on a long value answers (the NFA never backtracks)', () => {
    const doc = compile({ flags: [flag('evil', { groups: [everyone(100, [{ key: 'name', type: 'person', operator: 'regex', value: '^(a+)+$' }])] })] });
    expect(evaluatePosthog(doc, 'evil', { targetingKey: 'u', name: `${'a'.repeat(10_000)}!` }).value).toBe(false);
    expect(evaluatePosthog(doc, 'evil', { targetingKey: 'u', name: 'a'.repeat(10_000) }).value).toBe(true);
  });
});

describe('relative dates and versions', () => {
  it('relativeDate(-1d) on 2024-03-01 is 2024-02-29; -1m on March 31 clamps to February', () => {
    expect(relativeDate('-1d', Date.UTC(2024, 2, 1))).toBe(Date.UTC(2024, 1, 29));
    expect(relativeDate('-1m', Date.UTC(2023, 2, 31))).toBe(Date.UTC(2023, 1, 28));
    expect(relativeDate('-2m', Date.UTC(2023, 2, 31))).toBe(Date.UTC(2023, 0, 28));
    expect(relativeDate('-1y', Date.UTC(2024, 1, 29))).toBe(Date.UTC(2023, 1, 28));
    expect(relativeDate('-10000d', 0)).toBeUndefined();
    expect(relativeDate('-3x', 0)).toBeUndefined();
  });

  it('date filters read the evaluation clock (options.now)', () => {
    const doc = compile({ flags: [flag('recent', { groups: [everyone(100, [{ key: 'signup', type: 'person', operator: 'is_date_after', value: '-7d' }])] })] });
    const now = Date.UTC(2025, 0, 10);
    expect(evaluatePosthog(doc, 'recent', { targetingKey: 'u', signup: '2025-01-05' }, { now }).value).toBe(true);
    expect(evaluatePosthog(doc, 'recent', { targetingKey: 'u', signup: '2025-01-02' }, { now }).value).toBe(false);
  });

  it('parseVersion: v-prefix, missing parts 0, pre-release ignored, leading zeros rejected', () => {
    expect(parseVersion('v1.2')).toEqual([1, 2, 0]);
    expect(parseVersion('10.0.0-beta+5')).toEqual([10, 0, 0]);
    expect(parseVersion('01.2.3')).toBeUndefined();
  });
});

describe('load-time warnings, as posthog-node warns', () => {
  it('names each flag local evaluation cannot always decide, with the cause', () => {
    const doc = compile({
      flags: [
        flag('continuity', { groups: [everyone()] }, { ensure_experience_continuity: true }),
        flag('static', { groups: [everyone(100, [{ key: 'id', type: 'cohort', value: 12 }])] }),
        flag('fine', { groups: [everyone(50)] }),
      ],
    });
    expect(doc.warnings).toEqual([
      { path: '$.flags[0]', flagKey: 'continuity', message: expect.stringContaining('experience_continuity') },
      { path: '$.flags[1]', flagKey: 'static', message: expect.stringContaining('cohort 12 is not in the definitions') },
    ]);
  });
});

describe('explain: a readable trace of PostHog conditions', () => {
  it('names each filter with the value read, the bucket against the rollout, and the variant', () => {
    const doc = compile({
      flags: [flag('exp', {
        groups: [everyone(50, [{ key: 'plan', type: 'person', operator: 'exact', value: 'pro' }])],
        multivariate: { variants: [{ key: 'control', rollout_percentage: 50 }, { key: 'test', rollout_percentage: 50 }] },
      })],
    });
    const id = ['a', 'b', 'c', 'd', 'e', 'f'].find((x) => posthogHash('exp', x) <= 0.5)!;
    const r = evaluate(doc, 'exp', 'string', 'none', { targetingKey: id, plan: 'pro' }, { explain: true });
    const steps = r.trace!.map((s) => `${s.path} ${s.message}`);
    expect(steps[0]).toBe('$.flags[0].filters.groups[0].properties[0] plan exact: true (value "pro")');
    expect(steps[1]).toMatch(/^\$\.flags\[0\]\.filters\.groups\[0\]\.rollout_percentage bucket 0\.\d{6} <= 50%$/);
    expect(r.trace![1]!.data).toEqual({ bucket: posthogHash('exp', id), rollout: 50 });
    expect(steps).toContain(`$.flags[0].filters.groups[0] condition matched: ${r.value}`);
  });
});
