// The regex policy: PostHog's portable subset, matched by a linear-time NFA that answers exactly
// what JavaScript's RegExp answers, and never backtracks.
import { describe, expect, it } from 'vitest';
import { compilePattern, MAX_STEPS } from '../../src/posthog/safe-regex.js';
import { prng } from './fixtures/random-inputs.mjs';

function testWith(pattern: string, value: string): boolean | 'server' | 'invalid' | 'not-portable' {
  const compiled = compilePattern(pattern);
  if (compiled.kind === 'always') return true;
  if (compiled.kind === 'invalid') return 'invalid';
  if (compiled.kind === 'server') return 'not-portable';
  return compiled.test(value);
}

const ATOMS = ['a', 'b', 'ab', '.', '\\d', '\\w', '\\s', '\\D', '[a-c]', '[^ab]', '[\\d_]', '\\.', '-', 'x', '[b-]', '\\x41', 'A'];
const QUANTS = ['', '', '', '*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?'];

function randomPattern(r: () => number, depth = 0): string {
  let out = '';
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const roll = r();
    let atom: string;
    if (roll < 0.15 && depth < 2) atom = `(${randomPattern(r, depth + 1)})`;
    else if (roll < 0.22 && depth < 2) atom = `(?:${randomPattern(r, depth + 1)}|${randomPattern(r, depth + 1)})`;
    else atom = ATOMS[Math.floor(r() * ATOMS.length)]!;
    out += atom + QUANTS[Math.floor(r() * QUANTS.length)]!;
  }
  if (r() < 0.2) out = `^${out}`;
  if (r() < 0.2) out = `${out}$`;
  if (r() < 0.1) out = `${out}|${ATOMS[Math.floor(r() * ATOMS.length)]}`;
  return out;
}

describe('regex filters: linear-time NFA equals JavaScript RegExp on the portable subset', () => {
  it('agrees with RegExp.test on 1,500 random patterns x 20 values', () => {
    const r = prng(99);
    const alphabet = 'aabbcA1_ -.x\n';
    let compared = 0;
    for (let i = 0; i < 1500; i++) {
      const pattern = randomPattern(r);
      const compiled = compilePattern(pattern);
      let js: RegExp;
      try {
        js = new RegExp(pattern);
      } catch {
        expect(compiled.kind, pattern).toBe('invalid');
        continue;
      }
      expect(compiled.kind, pattern).toBe('nfa');
      for (let j = 0; j < 20; j++) {
        let value = '';
        const len = Math.floor(r() * 8);
        for (let k = 0; k < len; k++) value += alphabet[Math.floor(r() * alphabet.length)];
        expect(testWith(pattern, value), `${pattern} on ${JSON.stringify(value)}`).toBe(js.test(value));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(25_000);
  });

  it('decides catastrophic-backtracking patterns on long inputs (no hang)', () => {
    const evil = 'a'.repeat(5000) + '!';
    expect(testWith('^(a+)+$', evil)).toBe(false);
    expect(testWith('(a|aa)*b', evil)).toBe(false);
    expect(testWith('^(a*)*a*a*a*a*a*$', evil)).toBe(false);
    expect(testWith('(a+)+!', evil)).toBe(true);
  });

  it('bounds the work: length x pattern size beyond MAX_STEPS is left to the server', () => {
    const big = compilePattern('(?:abc|abd){50}x');
    expect(big.kind).toBe('nfa');
    if (big.kind === 'nfa') expect(big.test('ab'.repeat(MAX_STEPS / 100))).toBe('server');
  });

  it('follows PostHog: empty pattern always matches; invalid syntax matches neither regex nor not_regex', () => {
    expect(compilePattern('').kind).toBe('always');
    expect(compilePattern('a(b').kind).toBe('invalid');
    expect(compilePattern('[z-a]').kind).toBe('invalid');
    expect(compilePattern('a**').kind).toBe('invalid');
  });

  it('leaves non-portable syntax to the server (lookaround, backreferences, word boundaries, non-ASCII)', () => {
    for (const pattern of ['(?=a)', '(a)\\1', '\\bword', 'é', '\\p{L}', '[]', '[^]', 'a*+', '^*', '()*', '[a\\:]', 'a{,3}']) {
      expect(compilePattern(pattern).kind, pattern).toBe('server');
    }
  });
});
