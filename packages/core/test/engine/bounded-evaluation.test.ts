// A rule can never hang evaluation: its work is bounded at compile time, iteration only walks
// arrays the context supplies, and there is no regular-expression operator to backtrack.
import { describe, expect, it } from 'vitest';
import { compileFlagd, evaluate, operatorNames } from '@rollgate/core';

const flag = (targeting: unknown) => ({ state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting });

describe('a rule cannot hang', () => {
  it('rejects a $ref chain whose work doubles at every level ("billion laughs"), naming the evaluator', () => {
    const evaluators: Record<string, unknown> = { level0: { '==': [{ var: 'x' }, 1] } };
    for (let i = 1; i <= 40; i++) evaluators[`level${i}`] = { or: [{ $ref: `level${i - 1}` }, { $ref: `level${i - 1}` }] };
    const result = compileFlagd({ flags: { f: flag({ if: [{ $ref: 'level40' }, 'on', 'off'] }) }, $evaluators: evaluators });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error[0]?.path).toMatch(/^\$\.\$evaluators\.level\d+$/);
    expect(result.error[0]?.message).toMatch(/^rule is too large: one evaluation could run \d+ operations \(limit 100000\)/);
    expect(result.error.some((i) => i.flagKey === 'f')).toBe(true);
  });

  it('accepts the same chain while it stays within the limit, and evaluates it', () => {
    const evaluators: Record<string, unknown> = { level0: { '==': [{ var: 'x' }, 1] } };
    for (let i = 1; i <= 8; i++) evaluators[`level${i}`] = { or: [{ $ref: `level${i - 1}` }, { $ref: `level${i - 1}` }] };
    const result = compileFlagd({ flags: { f: flag({ if: [{ $ref: 'level8' }, 'on', 'off'] }) }, $evaluators: evaluators });
    expect(result.ok).toBe(true);
    if (result.ok) expect(evaluate(result.value, 'f', 'boolean', false, { x: 1 }).value).toBe(true);
  });

  it('rejects nesting deeper than 64 levels instead of recursing without bound', () => {
    let rule: unknown = { var: 'x' };
    for (let i = 0; i < 200; i++) rule = { '!': [rule] };
    const result = compileFlagd({ flags: { f: flag({ if: [rule, 'on', 'off'] }) } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error[0]?.message).toBe('rule is nested deeper than 64 levels');
  });

  it('rejects a $ref cycle at compile time rather than looping at evaluation', () => {
    const result = compileFlagd({ flags: { f: flag({ $ref: 'a' }) }, $evaluators: { a: { $ref: 'a' } } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.map((i) => i.message)).toContain('$ref cycle: a → a');
  });

  it('has no regular-expression operator (no catastrophic backtracking is possible)', () => {
    expect(operatorNames.filter((name) => /regex|match/i.test(name))).toEqual([]);
    expect(compileFlagd({ flags: { f: flag({ regex_match: [{ var: 'x' }, '(a+)+$'] }) } }).ok).toBe(false);
  });

  it('walks a large context array once per element (finite work for any input)', () => {
    const result = compileFlagd({ flags: { f: flag({ if: [{ some: [{ var: 'orgs' }, { '==': [{ var: 'id' }, 'needle'] }] }, 'on', 'off'] }) } });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const orgs = Array.from({ length: 200_000 }, (_, i) => ({ id: `org-${i}` }));
    expect(evaluate(result.value, 'f', 'boolean', true, { orgs }).value).toBe(false);
    orgs.push({ id: 'needle' });
    expect(evaluate(result.value, 'f', 'boolean', false, { orgs }).value).toBe(true);
  });

  it('stops a rule whose work grows faster than its input (reduce re-merging its accumulator) with ERROR / GENERAL', () => {
    const result = compileFlagd({
      flags: {
        f: flag({ if: [{ some: [{ reduce: [{ var: 'xs' }, { merge: [{ var: 'accumulator' }, [{ var: 'current' }]] }, []] }, { '==': [{ var: '' }, -1] }] }, 'on', 'off'] }),
      },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    // 100 elements: about 5,000 copies, well within the budget.
    expect(evaluate(result.value, 'f', 'boolean', true, { xs: Array.from({ length: 100 }, (_, i) => i) })).toMatchObject({ value: false, variant: 'off' });
    // 100,000 elements would copy about 5 billion: the budget (1,000,000 elements) stops it early.
    const big = evaluate(result.value, 'f', 'boolean', true, { xs: Array.from({ length: 100_000 }, (_, i) => i) });
    expect(big).toMatchObject({ ok: false, value: true, errorCode: 'GENERAL' });
    if (!big.ok) expect(big.errorMessage).toMatch(/too many array elements/);
  });

  it('sem_ver parses adversarial version strings in linear time (anchored patterns, length cap)', () => {
    const result = compileFlagd({ flags: { f: flag({ if: [{ sem_ver: [{ var: 'v' }, '>', '1.0.0'] }, 'on', 'off'] }) } });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const adversarial = `1.0.0-${'a.'.repeat(50_000)}!`;
    expect(evaluate(result.value, 'f', 'boolean', true, { v: adversarial })).toMatchObject({ value: false, variant: 'off' });
  });
});
