// Backoff and Retry-After: the documented examples, and the bounds.
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '@rollgate/openfeature-server';

describe('backoffDelay (exponential, equal jitter)', () => {
  it('the doc example: third attempt, initial 1 s, random 0 -> 2000 ms', () => {
    expect(backoffDelay(3, undefined, { initialMs: 1000, random: () => 0 })).toBe(2000);
  });

  it('stays within [d/2, d] and doubles until the ceiling', () => {
    const low = (n: number) => backoffDelay(n, undefined, { initialMs: 100, maxMs: 1000, random: () => 0 });
    const high = (n: number) => backoffDelay(n, undefined, { initialMs: 100, maxMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6].map(low)).toEqual([50, 100, 200, 400, 500, 500]);
    expect(high(1)).toBeCloseTo(100, 3);
    expect(high(50)).toBeCloseTo(1000, 3);
  });

  it('Retry-After wins, capped at the ceiling', () => {
    expect(backoffDelay(1, 7000, { maxMs: 300_000 })).toBe(7000);
    expect(backoffDelay(1, 10_000_000, { maxMs: 300_000 })).toBe(300_000);
  });
});

describe('parseRetryAfter (RFC 9110 10.2.3)', () => {
  it('reads delay-seconds and HTTP-dates; rejects junk', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    const now = Date.parse('2026-11-21T00:00:00Z');
    expect(parseRetryAfter('Sat, 21 Nov 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
