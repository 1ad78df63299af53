import { describe, expect, it } from 'vitest';
import { buildExposureEvent, EXPOSURE_EVENT, exposureDedupKey } from '@rollgate/core';

describe('buildExposureEvent: the $feature_flag_called record', () => {
  it('carries $feature_flag, the variant as $feature_flag_response and $feature/<key>, and the reason', () => {
    const event = buildExposureEvent({
      flagKey: 'create-instance-cta',
      distinctId: 'user-1',
      value: 'card',
      variant: 'card',
      reason: 'TARGETING_MATCH',
    });
    expect(event).toEqual({
      event: '$feature_flag_called',
      distinctId: 'user-1',
      properties: {
        $feature_flag: 'create-instance-cta',
        $feature_flag_response: 'card',
        '$feature/create-instance-cta': 'card',
        $feature_flag_reason: 'TARGETING_MATCH',
      },
    });
    expect(event.event).toBe(EXPOSURE_EVENT);
  });

  it('uses the value as the response when the result has no variant', () => {
    const event = buildExposureEvent({ flagKey: 'limit', distinctId: 'u', value: 42, reason: 'DEFAULT' });
    expect(event.properties.$feature_flag_response).toBe(42);
    expect(event.properties['$feature/limit']).toBe(42);
  });

  it('sends a boolean whose variant is its own spelling as the boolean (PostHog boolean flags)', () => {
    const posthogStyle = buildExposureEvent({ flagKey: 'b', distinctId: 'u', value: true, variant: 'true' });
    expect(posthogStyle.properties.$feature_flag_response).toBe(true);
    expect(posthogStyle.properties['$feature/b']).toBe(true);
    // A named boolean variant stays the name.
    expect(buildExposureEvent({ flagKey: 'b', distinctId: 'u', value: true, variant: 'on' }).properties.$feature_flag_response).toBe('on');
  });

  it('lifts version and id out of the flag metadata and keeps the metadata, keys sorted', () => {
    const event = buildExposureEvent({
      flagKey: 'f',
      distinctId: 'u',
      value: true,
      variant: 'on',
      flagMetadata: { version: 7, owner: 'growth', id: 'flag-9' },
    });
    expect(event.properties.$feature_flag_version).toBe(7);
    expect(event.properties.$feature_flag_id).toBe('flag-9');
    expect(JSON.stringify(event.properties.$feature_flag_metadata)).toBe(
      '{"id":"flag-9","owner":"growth","version":7}',
    );
  });

  it('omits optional properties that were not given (no empty metadata, no reason, no timestamp)', () => {
    const event = buildExposureEvent({ flagKey: 'f', distinctId: 'u', value: false, variant: 'off', flagMetadata: {} });
    expect(Object.keys(event.properties).sort()).toEqual(['$feature/f', '$feature_flag', '$feature_flag_response']);
    expect('timestamp' in event).toBe(false);
  });

  it('stamps an ISO UTC timestamp only when one is given (the builder reads no clock)', () => {
    const event = buildExposureEvent({ flagKey: 'f', distinctId: 'u', value: 'a', variant: 'a', timestamp: 1_763_700_000_000 });
    expect(event.timestamp).toBe('2025-11-21T04:40:00.000Z');
  });
});

describe('exposureDedupKey: one exposure per (flag, response, distinct id)', () => {
  it('matches the documented example', () => {
    expect(exposureDedupKey({ flagKey: 'cta', distinctId: 'u1', value: 'card', variant: 'card' })).toBe('cta\u0000"card"\u0000u1');
  });

  it('differs when any of flag, response or distinct id differs, and not otherwise', () => {
    const base = { flagKey: 'cta', distinctId: 'u1', value: 'card', variant: 'card' };
    const key = exposureDedupKey(base);
    expect(exposureDedupKey({ ...base })).toBe(key);
    expect(exposureDedupKey({ ...base, flagKey: 'other' })).not.toBe(key);
    expect(exposureDedupKey({ ...base, variant: 'button', value: 'button' })).not.toBe(key);
    expect(exposureDedupKey({ ...base, distinctId: 'u2' })).not.toBe(key);
    // The string "1" and the number 1 are different responses.
    expect(exposureDedupKey({ flagKey: 'n', distinctId: 'u', value: 1 })).not.toBe(
      exposureDedupKey({ flagKey: 'n', distinctId: 'u', value: '1' }),
    );
  });
});
