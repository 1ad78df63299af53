import { describe, expect, it } from 'vitest';
import { applyGuardrails, breakTie, combineChecks, type CheckResult, type Verdict } from '../../src/index.js';

const R: CheckResult[] = ['pass', 'fail', 'unknown'];

describe('thresholds combine in three-valued logic (every combination of two thresholds)', () => {
  const expectedAny: Record<string, Verdict> = {
    'pass,pass': 'GO', 'pass,fail': 'GO', 'pass,unknown': 'GO',
    'fail,pass': 'GO', 'fail,fail': 'NO_GO', 'fail,unknown': 'INCONCLUSIVE',
    'unknown,pass': 'GO', 'unknown,fail': 'INCONCLUSIVE', 'unknown,unknown': 'INCONCLUSIVE',
  };
  const expectedAll: Record<string, Verdict> = {
    'pass,pass': 'GO', 'pass,fail': 'NO_GO', 'pass,unknown': 'INCONCLUSIVE',
    'fail,pass': 'NO_GO', 'fail,fail': 'NO_GO', 'fail,unknown': 'NO_GO',
    'unknown,pass': 'INCONCLUSIVE', 'unknown,fail': 'NO_GO', 'unknown,unknown': 'INCONCLUSIVE',
  };
  for (const a of R) {
    for (const b of R) {
      it(`any(${a}, ${b}) = ${expectedAny[`${a},${b}`]}; all(${a}, ${b}) = ${expectedAll[`${a},${b}`]}`, () => {
        expect(combineChecks([a, b], 'any')).toBe(expectedAny[`${a},${b}`]);
        expect(combineChecks([a, b], 'all')).toBe(expectedAll[`${a},${b}`]);
      });
    }
  }
  it('no thresholds decide nothing', () => {
    expect(combineChecks([], 'any')).toBe('INCONCLUSIVE');
    expect(combineChecks([], 'all')).toBe('INCONCLUSIVE');
  });
  it('a breached guardrail turns any verdict into NO_GO; an unsettled one blocks only a GO', () => {
    expect(applyGuardrails('GO', ['pass', 'fail'])).toBe('NO_GO');
    expect(applyGuardrails('INCONCLUSIVE', ['fail'])).toBe('NO_GO');
    expect(applyGuardrails('GO', ['unknown'])).toBe('INCONCLUSIVE');
    expect(applyGuardrails('NO_GO', ['unknown'])).toBe('NO_GO');
    expect(applyGuardrails('GO', ['pass'])).toBe('GO');
  });
});

describe('tie-break between production and the local A/B', () => {
  const src = (source: string, verdict: Verdict, required = true) => ({ source, verdict, note: `${source} note`, required });
  it('agreement decides without the tie-break', () => {
    expect(breakTie([src('production', 'NO_GO'), src('local_ab', 'NO_GO')], 'local_ab').verdict).toBe('NO_GO');
  });
  it('production decides: GO/NO_GO and NO_GO/GO follow production', () => {
    expect(breakTie([src('production', 'GO'), src('local_ab', 'NO_GO')], 'production').verdict).toBe('GO');
    expect(breakTie([src('production', 'NO_GO'), src('local_ab', 'GO')], 'production').verdict).toBe('NO_GO');
  });
  it('no_go and inconclusive tie-breaks', () => {
    expect(breakTie([src('production', 'GO'), src('local_ab', 'NO_GO')], 'no_go').verdict).toBe('NO_GO');
    expect(breakTie([src('production', 'GO'), src('local_ab', 'NO_GO')], 'inconclusive').verdict).toBe('INCONCLUSIVE');
  });
  it('a required inconclusive source makes the plan inconclusive; an optional one is ignored', () => {
    const r = breakTie([src('production', 'GO'), src('local_ab', 'INCONCLUSIVE')], 'production');
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.reason).toContain('production alone says GO');
    expect(breakTie([src('production', 'GO'), src('local_ab', 'INCONCLUSIVE', false)], 'production').verdict).toBe('GO');
  });
});
