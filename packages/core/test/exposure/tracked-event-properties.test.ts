// trackedEventProperties: what a client.track(...) event carries in both providers.
import { describe, expect, it } from 'vitest';
import { trackedEventProperties } from '@rollgate/core';

describe('trackedEventProperties', () => {
  it('matches the documented example', () => {
    expect(trackedEventProperties({ value: 30 }, new Map<string, string | boolean>([['cta', 'card'], ['beta', false]]))).toEqual({
      value: 30,
      '$feature/cta': 'card',
      '$feature/beta': false,
      $active_feature_flags: ['cta'],
    });
  });

  it('keeps details JSON-safe and lets exposure properties win over a detail of the same name', () => {
    const properties = trackedEventProperties(
      { when: new Date(0), bad: Number.NaN, fn: () => 1, nested: { a: [1, undefined] }, '$feature/cta': 'spoofed' },
      new Map([['cta', 'button']]),
    );
    expect(properties).toEqual({ when: '1970-01-01T00:00:00.000Z', bad: null, nested: { a: [1, null] }, '$feature/cta': 'button', $active_feature_flags: ['cta'] });
  });
});
