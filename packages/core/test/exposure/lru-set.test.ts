// LruSet, the exposure dedup memory of both providers: bounded, and never forgets a recent member.
import { LruSet } from '@rollgate/core';
import { describe, expect, it } from 'vitest';

describe('LruSet', () => {
  it('add returns true for a new member and false for a repeat', () => {
    const set = new LruSet(3);
    expect(set.add('a')).toBe(true);
    expect(set.add('a')).toBe(false);
    expect(set.has('a')).toBe(true);
    expect(set.has('b')).toBe(false);
  });

  it('always remembers the `capacity` most recently seen members', () => {
    const set = new LruSet(100);
    for (let i = 0; i < 1000; i++) {
      set.add(`m${i}`);
      for (let back = 0; back < Math.min(100, i + 1); back++) expect(set.has(`m${i - back}`)).toBe(true);
    }
  });

  it('holds at most twice `capacity` members, so memory stays bounded', () => {
    const set = new LruSet(100);
    for (let i = 0; i < 10_000; i++) {
      set.add(`m${i}`);
      expect(set.size).toBeLessThanOrEqual(200);
    }
    expect(set.has('m0')).toBe(false);
  });

  it('seeing a member again refreshes it (least recently seen goes first)', () => {
    const set = new LruSet(2);
    set.add('keep');
    set.add('b'); // young {keep, b}
    set.add('c'); // old {keep, b}, young {c}
    expect(set.add('keep')).toBe(false); // refreshed: old {b}, young {c, keep}
    set.add('d'); // old {c, keep}, young {d}: b is dropped, keep (seen later) stays
    expect(set.has('keep')).toBe(true);
    expect(set.has('b')).toBe(false);
  });

  it('clear forgets everything', () => {
    const set = new LruSet(2);
    set.add('a');
    set.clear();
    expect(set.size).toBe(0);
    expect(set.add('a')).toBe(true);
  });
});
