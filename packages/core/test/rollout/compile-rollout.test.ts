import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur3_32 } from '../../src/hash/murmur3.js';
import { compileRollout } from '../../src/rollout/compile-rollout.js';
import { rolloutBucket } from '../../src/rollout/rollout-bucket.js';
import type { CompiledTargeting, EvaluationContext, TraceStep } from '../../src/types.js';

const variants = { on: true, off: false };
const env = { flagKey: 'new-area', now: 0 };

function compile(rollout: Record<string, unknown>, flagKey = 'new-area'): CompiledTargeting {
  const result = compileRollout({ flagKey, rollout, variants, path: `$.flags.${flagKey}.rollout` });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function issues(rollout: unknown, v: Record<string, unknown> = variants) {
  const result = compileRollout({ flagKey: 'f', rollout, variants: v as never, path: '$.flags.f.rollout' });
  return result.ok ? [] : result.error;
}

const admin: EvaluationContext = { targetingKey: 'root', isAdmin: true };
const listedUser: EvaluationContext = { targetingKey: 'user-7' };
const listedOrgMember: EvaluationContext = { targetingKey: 'user-99', orgId: 'acme' };
const stranger: EvaluationContext = { targetingKey: 'user-1000', orgId: 'globex' };
const allow = { targetingKey: ['user-7'], orgId: ['acme'] };

describe('rollout block validation names the JSON path of every problem', () => {
  it('rejects unknown keys, bad stage, bad percentage and unknown variants, all at once', () => {
    const found = issues({ stage: 'beta', percentag: 5, percentage: 150, on: 'yes' });
    const paths = found.map((i) => i.path);
    expect(paths).toContain('$.flags.f.rollout.percentag');
    expect(paths).toContain('$.flags.f.rollout.stage');
    expect(paths).toContain('$.flags.f.rollout.percentage');
    expect(paths).toContain('$.flags.f.rollout.on');
    expect(found.find((i) => i.path.endsWith('.on'))?.message).toContain('variant "yes"');
    expect(found.every((i) => i.flagKey === 'f')).toBe(true);
  });

  it('requires a stage, and a percentage at stage "percentage"', () => {
    expect(issues({}).map((i) => i.path)).toEqual(['$.flags.f.rollout.stage']);
    expect(issues({ stage: 'percentage' }).map((i) => i.message)).toEqual(['is required at stage "percentage"']);
  });

  it('percentages are integer basis points: more than two decimals is an error', () => {
    expect(issues({ stage: 'percentage', percentage: 12.345 })[0]?.message).toContain('more than two decimals');
    expect(issues({ stage: 'percentage', percentage: 12.34 })).toEqual([]);
    expect(issues({ stage: 'percentage', percentage: -1 })[0]?.path).toBe('$.flags.f.rollout.percentage');
  });

  it('checks the admin predicate and the allowlist shapes', () => {
    expect(issues({ stage: 'admin', admin: { attribute: 'role' } })[0]?.message).toContain('exactly one of "equals"');
    expect(issues({ stage: 'admin', admin: { attribute: 'role', equals: 'x', typo: 1 } })[0]?.path).toBe('$.flags.f.rollout.admin.typo');
    expect(issues({ stage: 'allowlist', allow: { orgId: 'acme' } })[0]?.path).toBe('$.flags.f.rollout.allow.orgId');
    expect(issues({ stage: 'allowlist', allow: { orgId: ['a', { x: 1 }] } })[0]?.path).toBe('$.flags.f.rollout.allow.orgId[1]');
    expect(issues({ stage: 'allowlist', allow: { orgId: ['a', 'a'] } })[0]?.message).toContain('listed twice');
  });

  it('on and off must be two different variants of the flag', () => {
    expect(issues({ stage: 'ga', on: 'off' })[0]?.message).toContain('must be different');
    expect(issues({ stage: 'ga', on: 'new', off: 'old' }, { new: 'v2', old: 'v1' })).toEqual([]);
  });
});

describe('stage "admin": only contexts matching the admin predicate', () => {
  const t = compile({ stage: 'admin', allow, percentage: 100 });
  it('lets admins in and keeps everyone else out, allowlist and percentage notwithstanding', () => {
    expect(t(admin, env, undefined)).toBe('on');
    expect(t(listedUser, env, undefined)).toBe('off');
    expect(t(listedOrgMember, env, undefined)).toBe('off');
    expect(t(stranger, env, undefined)).toBe('off');
    expect(t({ targetingKey: 'x', isAdmin: 'true' }, env, undefined)).toBe('off'); // strict equality
  });
  it('supports another attribute, a list of values and dotted paths', () => {
    const u = compile({ stage: 'admin', admin: { attribute: 'user.role', in: ['owner', 'admin'] } });
    expect(u({ user: { role: 'owner' } }, env, undefined)).toBe('on');
    expect(u({ user: { role: 'member' } }, env, undefined)).toBe('off');
    expect(u({ isAdmin: true }, env, undefined)).toBe('off');
  });
  it('a JSONLogic admin rule (flagd operators) decides who is an admin', () => {
    const t = compile({ stage: 'admin', admin: { rule: { or: [{ in: [{ var: 'role' }, ['owner', 'admin']] }, { ends_with: [{ var: 'email' }, '@rollgate.dev'] }] } } });
    expect(t({ role: 'owner' }, env, undefined)).toBe('on');
    expect(t({ email: 'sam@rollgate.dev' }, env, undefined)).toBe('on');
    expect(t({ role: 'member', email: 'x@example.com' }, env, undefined)).toBe('off');
    const trace: TraceStep[] = [];
    t({ role: 'owner' }, env, trace);
    expect(trace.at(-1)).toMatchObject({ path: '$.flags.new-area.rollout.admin', data: { rule: 'admin', decision: 'in' } });
  });
  it('an invalid admin rule is rejected at load with its path; $ref is not available there', () => {
    expect(issues({ stage: 'admin', admin: { rule: { nope: [1] } } })[0]?.path).toMatch(/^\$\.flags\.f\.rollout\.admin\.rule/);
    expect(issues({ stage: 'admin', admin: { rule: { $ref: 'isAdmin' } } })[0]?.message).toContain('$ref "isAdmin" is not available');
    expect(issues({ stage: 'admin', admin: { rule: { '==': [1, 1] }, attribute: 'x' } })[0]?.path).toBe('$.flags.f.rollout.admin.attribute');
  });
  it('"admin": null means nobody is an admin', () => {
    expect(compile({ stage: 'admin', admin: null })(admin, env, undefined)).toBe('off');
  });
});

describe('stage "allowlist": admins plus listed targeting keys and attribute values', () => {
  const t = compile({ stage: 'allowlist', allow, percentage: 100 });
  it('lets in admins, listed users and every member of a listed org; nobody else', () => {
    expect(t(admin, env, undefined)).toBe('on');
    expect(t(listedUser, env, undefined)).toBe('on');
    expect(t(listedOrgMember, env, undefined)).toBe('on');
    expect(t({ targetingKey: 'someone-else', orgId: 'acme' }, env, undefined)).toBe('on');
    expect(t(stranger, env, undefined)).toBe('off');
  });
  it('compares values with === (the number 7 is not the string "7")', () => {
    const n = compile({ stage: 'allowlist', allow: { orgId: [42] } });
    expect(n({ orgId: 42 }, env, undefined)).toBe('on');
    expect(n({ orgId: '42' }, env, undefined)).toBe('off');
  });
});

describe('stage "percentage": admins + allowlist + N% bucketed by an attribute', () => {
  it('0% lets in only admins and the allowlist; 100% lets in everyone with a unit', () => {
    const zero = compile({ stage: 'percentage', percentage: 0, allow });
    const all = compile({ stage: 'percentage', percentage: 100 });
    for (let i = 0; i < 500; i++) {
      expect(zero({ targetingKey: `u${i}` }, env, undefined)).toBe('off');
      expect(all({ targetingKey: `u${i}` }, env, undefined)).toBe('on');
    }
    expect(zero(admin, env, undefined)).toBe('on');
    expect(zero(listedOrgMember, env, undefined)).toBe('on');
  });

  it('lets in the units whose bucket is below the threshold, about N% of a population', () => {
    const t = compile({ stage: 'percentage', percentage: 25 });
    let inside = 0;
    for (let i = 0; i < 20_000; i++) if (t({ targetingKey: `user-${i}` }, env, undefined) === 'on') inside++;
    // 20,000 draws at p = 0.25: sd = 61; 5 sd either side.
    expect(inside).toBeGreaterThan(5000 - 310);
    expect(inside).toBeLessThan(5000 + 310);
  });

  it('decides by bucket = floor(murmur3(salt + "/" + unit) * 10000 / 2^32) < basis points', () => {
    const t = compile({ stage: 'percentage', percentage: 37.5, bucketBy: 'orgId' });
    for (let i = 0; i < 300; i++) {
      const unit = `org-${i}`;
      const expected = Number((BigInt(murmur3_32(`new-area/${unit}`)) * 10000n) >> 32n);
      expect(rolloutBucket('new-area/', unit)).toBe(expected);
      expect(t({ targetingKey: 'anyone', orgId: unit }, env, undefined)).toBe(expected < 3750 ? 'on' : 'off');
    }
  });

  it('pins the bucketing vector (a change here re-buckets every running rollout)', () => {
    expect(rolloutBucket('new-area/', 'acme')).toBe(Number((BigInt(murmur3_32('new-area/acme')) * 10000n) >> 32n));
    expect(murmur3_32('new-area/acme')).toBe(PINNED_HASH);
    expect(rolloutBucket('new-area/', 'acme')).toBe(PINNED_BUCKET);
  });

  it('bucketing by orgId keeps a whole org together (property)', () => {
    const t = compile({ stage: 'percentage', percentage: 50, bucketBy: 'orgId' });
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.array(fc.string({ minLength: 1 }), { minLength: 2, maxLength: 20 }), (org, users) => {
        const decisions = new Set(users.map((u) => t({ targetingKey: u, orgId: org }, env, undefined)));
        return decisions.size === 1;
      }),
    );
  });

  it('falls back to the targeting key when the bucketing attribute is missing', () => {
    const byOrg = compile({ stage: 'percentage', percentage: 50, bucketBy: 'orgId' });
    const byKey = compile({ stage: 'percentage', percentage: 50 });
    for (let i = 0; i < 200; i++) {
      expect(byOrg({ targetingKey: `u${i}` }, env, undefined)).toBe(byKey({ targetingKey: `u${i}` }, env, undefined));
    }
    expect(byOrg({}, env, undefined)).toBe('off'); // nothing to bucket by: kept out, not an error
  });

  it('a different salt buckets independently; the same salt reproduces the buckets of another flag key', () => {
    const a = compile({ stage: 'percentage', percentage: 50 }, 'flag-a');
    const b = compile({ stage: 'percentage', percentage: 50 }, 'flag-b');
    const bSalted = compile({ stage: 'percentage', percentage: 50, salt: 'flag-a' }, 'flag-b');
    let differ = 0;
    for (let i = 0; i < 400; i++) {
      const c = { targetingKey: `u${i}` };
      if (a(c, env, undefined) !== b(c, env, undefined)) differ++;
      expect(bSalted(c, env, undefined)).toBe(a(c, env, undefined));
    }
    expect(differ).toBeGreaterThan(100);
  });
});

describe('monotonic ramps: whoever is in at p stays in at every q >= p (property)', () => {
  it('over random keys and random increasing ramp sequences', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 2, maxLength: 8 }),
        fc.constantFrom('targetingKey', 'orgId'),
        (keys, steps, bucketBy) => {
          const ramp = [...steps].sort((x, y) => x - y).map((bp) => compile({ stage: 'percentage', percentage: bp / 100, bucketBy }));
          for (const key of keys) {
            const context = { targetingKey: `u-${key}`, orgId: `o-${key}` };
            let wasIn = false;
            for (const t of ramp) {
              const isIn = t(context, env, undefined) === 'on';
              if (wasIn && !isIn) return false;
              wasIn = isIn;
            }
            // ...and GA keeps them all.
            if (wasIn && compile({ stage: 'ga' })(context, env, undefined) !== 'on') return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('each later stage lets in a superset of the earlier one (admin ⊆ allowlist ⊆ percentage ⊆ ga)', () => {
    fc.assert(
      fc.property(
        fc.record({ targetingKey: fc.constantFrom('user-7', 'user-8', 'root'), orgId: fc.constantFrom('acme', 'globex', undefined), isAdmin: fc.boolean() }),
        fc.integer({ min: 0, max: 10_000 }),
        (context, bp) => {
          const stages = ['admin', 'allowlist', 'percentage', 'ga'].map((stage) => compile({ stage, allow, percentage: bp / 100 }));
          const decisions = stages.map((t) => t(context, env, undefined) === 'on');
          return decisions.every((d, i) => i === 0 || !decisions[i - 1] || d);
        },
      ),
    );
  });
});

describe('kill switch: killed reverts to admin-only whatever the stage', () => {
  for (const stage of ['admin', 'allowlist', 'percentage', 'ga']) {
    it(`killed at stage "${stage}": admins in, allowlist and everyone else out`, () => {
      const t = compile({ stage, allow, percentage: 100, killed: true });
      expect(t(admin, env, undefined)).toBe('on');
      expect(t(listedUser, env, undefined)).toBe('off');
      expect(t(listedOrgMember, env, undefined)).toBe('off');
      expect(t(stranger, env, undefined)).toBe('off');
    });
  }
  it('unkilled, the same block serves its stage again', () => {
    expect(compile({ stage: 'ga', killed: false })(stranger, env, undefined)).toBe('on');
  });
});

describe('named variants', () => {
  it('serves the named on/off variants', () => {
    const r = compileRollout({ flagKey: 'f', rollout: { stage: 'allowlist', allow, on: 'new', off: 'old' }, variants: { new: 'v2', old: 'v1' }, path: '$.flags.f.rollout' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value(listedUser, env, undefined)).toBe('new');
    expect(r.value(stranger, env, undefined)).toBe('old');
  });
});

describe('explain says which stage and which rule let a context in or kept it out', () => {
  const explain = (rollout: Record<string, unknown>, context: EvaluationContext) => {
    const trace: TraceStep[] = [];
    const variant = compile(rollout)(context, env, trace);
    return { variant, trace, text: trace.map((s) => s.message).join('\n') };
  };
  it('admin', () => {
    const r = explain({ stage: 'percentage', percentage: 5 }, admin);
    expect(r.text).toContain('stage "percentage" at 5%');
    expect(r.trace.at(-1)).toMatchObject({ path: '$.flags.new-area.rollout.admin', data: { rule: 'admin', decision: 'in' } });
  });
  it('allowlist', () => {
    const r = explain({ stage: 'allowlist', allow }, listedOrgMember);
    expect(r.trace.at(-1)).toMatchObject({ path: '$.flags.new-area.rollout.allow.orgId', data: { rule: 'allowlist', decision: 'in' } });
    expect(r.trace.at(-1)?.message).toContain('orgId = "acme" is listed');
  });
  it('kept out at stage allowlist', () => {
    const r = explain({ stage: 'allowlist', allow }, stranger);
    expect(r.variant).toBe('off');
    expect(r.text).toContain('orgId = "globex" is not listed');
    expect(r.trace.at(-1)?.message).toContain('kept out: stage "allowlist"');
  });
  it('percentage gives the bucket, threshold and unit', () => {
    const r = explain({ stage: 'percentage', percentage: 5, bucketBy: 'orgId' }, stranger);
    const step = r.trace.at(-1)!;
    expect(step.path).toBe('$.flags.new-area.rollout.percentage');
    expect(step.data).toMatchObject({ rule: 'percentage', bucketBy: 'orgId', unit: 'globex', threshold: 500, bucket: rolloutBucket('new-area/', 'globex') });
  });
  it('percentage says when it fell back to the targeting key', () => {
    const r = explain({ stage: 'percentage', percentage: 5, bucketBy: 'orgId' }, { targetingKey: 'solo' });
    expect(r.trace.at(-1)?.message).toContain('orgId missing, fell back to targetingKey');
  });
  it('killed', () => {
    const r = explain({ stage: 'ga', killed: true }, stranger);
    expect(r.text).toContain('killed');
    expect(r.trace.at(-1)).toMatchObject({ path: '$.flags.new-area.rollout.killed', data: { rule: 'killed', decision: 'out' } });
  });
  it('ga', () => {
    const r = explain({ stage: 'ga' }, stranger);
    expect(r.trace.at(-1)?.data).toMatchObject({ rule: 'ga', decision: 'in' });
  });
  it('the same answer with and without a trace', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string()), fc.integer({ min: 0, max: 10000 }), (key, org, bp) => {
        const t = compile({ stage: 'percentage', percentage: bp / 100, bucketBy: 'orgId', allow });
        const c = org === null ? { targetingKey: key } : { targetingKey: key, orgId: org };
        return t(c, env, undefined) === t(c, env, []);
      }),
    );
  });
});

// Computed once with an independent MurmurHash3 (imurmurhash, same as ours for ASCII) and frozen.
const PINNED_HASH = 1167156448;
const PINNED_BUCKET = 2717;
