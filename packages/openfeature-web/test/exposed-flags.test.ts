// ExposedFlags, the memory `track` attributes from: bounded in distinct ids and in flags per id.
import { describe, expect, it } from 'vitest';
import { ExposedFlags } from '../src/exposure/exposed-flags.js';

describe('ExposedFlags', () => {
  it('keeps the response shown last per flag, in a copy the caller may keep', () => {
    const memory = new ExposedFlags(4, 10);
    memory.remember('u1', 'cta', 'card');
    memory.remember('u1', 'cta', 'button');
    memory.remember('u1', 'beta', false);
    const recalled = memory.recall('u1');
    expect([...recalled]).toEqual([['cta', 'button'], ['beta', false]]);
    recalled.set('cta', 'spoofed');
    expect(memory.recall('u1').get('cta')).toBe('button');
    expect(memory.recall('nobody').size).toBe(0);
  });

  it('forgets the least recently exposed distinct id beyond `units`', () => {
    const memory = new ExposedFlags(2, 10);
    memory.remember('a', 'cta', 'card');
    memory.remember('b', 'cta', 'card');
    memory.remember('a', 'beta', true); // a is now the most recent
    memory.remember('c', 'cta', 'button'); // evicts b, not a
    expect([memory.recall('a').size, memory.recall('b').size, memory.recall('c').size]).toEqual([2, 0, 1]);
    memory.remember('c', 'beta', true); // c again: still the most recent
    memory.remember('a', 'cta', 'card'); // a again (same answer): a becomes the most recent
    memory.remember('d', 'cta', 'card'); // evicts c
    expect([memory.recall('a').size, memory.recall('c').size, memory.recall('d').size]).toEqual([2, 0, 1]);
  });

  it('replaces the oldest flag beyond `flagsPerUnit`; a flag whose answer changed counts as new', () => {
    const memory = new ExposedFlags(2, 2);
    memory.remember('u1', 'f1', 1);
    memory.remember('u1', 'f2', 2);
    memory.remember('u1', 'f1', 11); // f1 changed: f2 is now the oldest
    memory.remember('u1', 'f3', 3);
    expect([...memory.recall('u1')]).toEqual([['f1', 11], ['f3', 3]]);
    memory.remember('u1', 'f1', 11); // the same answer again moves nothing: f1 stays the oldest
    memory.remember('u1', 'f4', 4);
    expect([...memory.recall('u1')]).toEqual([['f3', 3], ['f4', 4]]);
    memory.clear();
    expect(memory.recall('u1').size).toBe(0);
  });
});
