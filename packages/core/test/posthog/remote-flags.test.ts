// PostHog remote evaluation answers (`/flags/?v=2`, and v1 for older self-hosted PostHog) as a
// compiled document of fixed answers for one distinct id.
import { describe, expect, it } from 'vitest';
import { evaluate } from '@rollgate/core';
import { compilePosthogRemote } from '@rollgate/core/posthog';

describe('compilePosthogRemote', () => {
  it('v2: a variant is a string flag, enabled without variant a true boolean, disabled a false boolean (DEFAULT)', () => {
    const r = compilePosthogRemote(
      {
        flags: {
          exp: { key: 'exp', enabled: true, variant: 'test', metadata: { id: 1, version: 2, payload: '{"a":1}' }, reason: { code: 'condition_match' } },
          on: { key: 'on', enabled: true, variant: null },
          off: { key: 'off', enabled: false, variant: null },
          broken: { key: 'broken', enabled: false, failed: true },
        },
        requestId: 'r1',
      },
      { distinctId: 'd1' },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const doc = r.value;
    expect(evaluate(doc, 'exp', 'string', 'control', { targetingKey: 'd1' })).toMatchObject({
      value: 'test', variant: 'test', reason: 'TARGETING_MATCH',
      flagMetadata: { posthogFlagId: 1, posthogFlagVersion: 2, posthogPayload: '{"a":1}', posthogReason: 'condition_match', posthogRequestId: 'r1' },
    });
    expect(evaluate(doc, 'on', 'boolean', false, {})).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
    expect(evaluate(doc, 'off', 'boolean', true, {})).toMatchObject({ value: false, reason: 'DEFAULT' });
    // A flag PostHog failed to compute is absent: the caller's default, never a guessed value.
    expect(evaluate(doc, 'broken', 'boolean', true, {})).toMatchObject({ value: true, errorCode: 'FLAG_NOT_FOUND' });
  });

  it('answers only for its distinct id: another targetingKey is an error with the caller default', () => {
    const r = compilePosthogRemote({ flags: { exp: { enabled: true, variant: 'test' } } }, { distinctId: 'd1' });
    if (!r.ok) throw new Error('compile');
    expect(evaluate(r.value, 'exp', 'string', 'control', { targetingKey: 'd2' })).toMatchObject({ value: 'control', errorCode: 'GENERAL' });
  });

  it('v1 (featureFlags / featureFlagPayloads) is read too', () => {
    const r = compilePosthogRemote({ featureFlags: { exp: 'control', on: true, off: false }, featureFlagPayloads: { exp: { steps: 5 } } }, { distinctId: 'd' });
    if (!r.ok) throw new Error('compile');
    expect(evaluate(r.value, 'exp', 'string', 'x', {})).toMatchObject({ value: 'control', flagMetadata: { posthogPayload: '{"steps":5}' } });
    expect(evaluate(r.value, 'off', 'boolean', true, {})).toMatchObject({ value: false });
  });

  it('rejects garbage and quota-limited answers with a path (the last good answers keep serving)', () => {
    expect(compilePosthogRemote('nope', { distinctId: 'd' })).toMatchObject({ ok: false, error: [{ path: '$' }] });
    expect(compilePosthogRemote({ flags: { a: { enabled: 'yes' } } }, { distinctId: 'd' })).toMatchObject({ ok: false, error: [{ path: '$.flags.a', flagKey: 'a' }] });
    expect(compilePosthogRemote({ flags: {}, quotaLimited: ['feature_flags'] }, { distinctId: 'd' })).toMatchObject({ ok: false, error: [{ path: '$.quotaLimited' }] });
  });
});
