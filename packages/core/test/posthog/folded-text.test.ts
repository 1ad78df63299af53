import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiLower, foldedEndsWith, foldedIncludes, foldedStartsWith, lowerCaseEquals } from '../../src/posthog/json-text.js';

// PostHog's substring operators (icontains, starts_with, ends_with and their negations) compare
// the context's text lower-cased A-Z only; the folded tests compare without building that copy.
describe('folded substring tests equal asciiLower(text).includes / startsWith / endsWith', () => {
  // Characters either side of the A-Z and a-z ranges, and letters asciiLower leaves alone.
  const alphabet = fc.constantFrom('a', 'b', 'A', 'B', 'Z', 'z', '@', '[', '`', '{', '.', 'é', 'É', 'İ', '😀');
  const text = fc.array(alphabet, { maxLength: 12 }).map((cs) => cs.join(''));

  it('on random texts and filters (the filter asciiLower-ed once, as compiled)', () => {
    fc.assert(
      fc.property(text, text, (t, f) => {
        const lower = asciiLower(f);
        expect(foldedIncludes(t, lower)).toBe(asciiLower(t).includes(lower));
        expect(foldedStartsWith(t, lower)).toBe(asciiLower(t).startsWith(lower));
        expect(foldedEndsWith(t, lower)).toBe(asciiLower(t).endsWith(lower));
      }),
      { numRuns: 5000 },
    );
  });

  it('on the shapes the parity fixture uses', () => {
    expect(foldedIncludes('Nina12@EXAMPLE.COM', '@example.com')).toBe(true);
    expect(foldedIncludes('zed@acme.org', 'zed')).toBe(true);
    expect(foldedEndsWith('bob@acme.ORG', '.org')).toBe(true);
    expect(foldedStartsWith('', '')).toBe(true);
    expect(foldedIncludes('ab', 'abc')).toBe(false);
  });
});

// `exact` / `is_not` compare text.toLowerCase() (full Unicode) with the filter lower-cased once.
describe('lowerCaseEquals(text, lower) equals text.toLowerCase() === lower', () => {
  // 'İ' lower-cases to two units, 'Σ' by context, 'ẞ' to 'ß': the non-ASCII cases that change length or depend on context.
  const alphabet = fc.constantFrom('a', 'A', 'z', 'Z', '@', '[', '`', '{', '1', 'é', 'É', 'İ', 'i', '̇', 'Σ', 'σ', 'ς', 'ẞ', 'ß', '😀');
  const text = fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join(''));

  it('on random texts against random and matching filters', () => {
    fc.assert(
      fc.property(text, text, (t, f) => {
        expect(lowerCaseEquals(t, f.toLowerCase())).toBe(t.toLowerCase() === f.toLowerCase());
        expect(lowerCaseEquals(t, t.toLowerCase())).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('on the shapes the parity fixture uses', () => {
    expect(lowerCaseEquals('PRO', 'pro')).toBe(true);
    expect(lowerCaseEquals('Enterprise', 'enterprise')).toBe(true);
    expect(lowerCaseEquals('pro', 'pros')).toBe(false);
    expect(lowerCaseEquals('İ', 'i̇')).toBe(true);
  });
});
