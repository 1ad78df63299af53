// TripleSet, the server hook's dedup memory: exact (a shared hash never merges two triples), bounded,
// and never forgets the most recent `capacity` triples.
import { describe, expect, it } from 'vitest';
import { TripleSet } from '../../src/exposure/triple-set.js';

describe('TripleSet', () => {
  it('deduplicates a triple only when flag, response and distinct id are all equal', () => {
    const set = new TripleSet(100);
    expect(set.add('cta', 'card', 'u1')).toBe(true);
    expect(set.add('cta', 'card', 'u1')).toBe(false);
    expect(set.add('cta', 'button', 'u1')).toBe(true);
    expect(set.add('cta', 'card', 'u2')).toBe(true);
    expect(set.add('other', 'card', 'u1')).toBe(true);
    // Parts are not concatenated: moving characters between parts is another triple.
    expect(set.add('ab', 'c', 'u')).toBe(true);
    expect(set.add('a', 'bc', 'u')).toBe(true);
  });

  it('keeps response kinds apart: "true" is not true, "1" is not 1, the text ["a"] is not the array ["a"]', () => {
    const set = new TripleSet(100);
    for (const response of ['true', true, '1', 1, '["a"]', ['a'], 'null', null, 1.5, 0]) {
      expect(set.add('f', response, 'u1')).toBe(true);
    }
    // Objects compare by content (their JSON), numbers by value (-0 is 0).
    expect(set.add('f', ['a'], 'u1')).toBe(false);
    expect(set.add('f', 1.5, 'u1')).toBe(false);
    expect(set.add('f', -0, 'u1')).toBe(false);
    expect(set.add('f', { a: 1 }, 'u1')).toBe(true);
    expect(set.add('f', { a: 1 }, 'u1')).toBe(false);
  });

  it('never merges two triples that share a hash (a collision is compared part by part)', () => {
    const set = new TripleSet(100);
    const sameHash = 42;
    expect(set.add('cta', 'card', 'u1', sameHash)).toBe(true);
    expect(set.add('cta', 'card', 'u2', sameHash)).toBe(true);
    expect(set.add('cta', 'button', 'u1', sameHash)).toBe(true);
    expect(set.add('beta', 'card', 'u1', sameHash)).toBe(true);
    expect(set.add('cta', 'card', 'u2', sameHash)).toBe(false);
    expect(set.size).toBe(4);
  });

  it('hash gives what add computes itself, so a kept hash finds the same triple', () => {
    const set = new TripleSet(100);
    set.add('cta', 'card', 'u1');
    expect(set.add('cta', 'card', 'u1', TripleSet.hash('cta', 'card', 'u1'))).toBe(false);
    set.add('cfg', { theme: 'dark' }, 'u1');
    expect(set.add('cfg', { theme: 'dark' }, 'u1', TripleSet.hash('cfg', { theme: 'dark' }, 'u1'))).toBe(false);
  });

  it('remembers at least the capacity most recent triples and holds at most twice as many', () => {
    const capacity = 1_000;
    const set = new TripleSet(capacity);
    let added = 0;
    let largest = 0;
    for (let i = 0; i < 50_000; i += 1) {
      if (set.add('f', i % 2 === 0, `u${i}`)) added += 1;
      largest = Math.max(largest, set.size);
    }
    expect(added).toBe(50_000);
    expect(largest).toBeLessThanOrEqual(2 * capacity);
    let repeats = 0;
    for (let i = 50_000 - capacity; i < 50_000; i += 1) if (!set.add('f', i % 2 === 0, `u${i}`)) repeats += 1;
    expect(repeats).toBe(capacity);
    // Long forgotten: recorded again.
    expect(set.add('f', true, 'u0')).toBe(true);
  });

  it('a triple refreshed from the old generation survives the next rotation', () => {
    const set = new TripleSet(2);
    set.add('f', 1, 'a');
    set.add('f', 1, 'b');
    set.add('f', 1, 'c'); // rotation: a, b are old
    expect(set.add('f', 1, 'a')).toBe(false); // refreshed into the young generation
    set.add('f', 1, 'd'); // rotation: b forgotten, a kept
    expect(set.add('f', 1, 'a')).toBe(false);
    expect(set.add('f', 1, 'b')).toBe(true);
  });
});
