// PostHog definitions through the web provider: synchronous evaluation, and exposures in the
// shape posthog-js sends (boolean flags answer true/false, multivariate flags the variant key).
import { describe, expect, it } from 'vitest';
import { RollgateWebProvider } from '@rollgate/openfeature-web';
import { PosthogWebProvider, posthogDialect } from '@rollgate/openfeature-web/posthog';
import { posthogHash } from '@rollgate/core/posthog';
import { MemoryStorage } from './support/fixtures.js';
import { register } from './support/register.js';

const definitions = {
  flags: [
    {
      id: 11,
      key: 'create-instance-cta',
      active: true,
      filters: {
        groups: [{ properties: [], rollout_percentage: 100 }],
        multivariate: { variants: [{ key: 'button', rollout_percentage: 50 }, { key: 'card', rollout_percentage: 50 }] },
      },
    },
    { id: 12, key: 'pro-banner', active: true, filters: { groups: [{ properties: [{ key: 'plan', type: 'person', operator: 'exact', value: 'pro' }], rollout_percentage: 100 }] } },
  ],
};

/** A multivariate flag for pro users only, and the boolean pro-banner. */
const gated = {
  flags: [
    {
      id: 13,
      key: 'gated-cta',
      active: true,
      filters: {
        groups: [{ properties: [{ key: 'plan', type: 'person', operator: 'exact', value: 'pro' }], rollout_percentage: 100 }],
        multivariate: { variants: [{ key: 'control', rollout_percentage: 50 }, { key: 'test', rollout_percentage: 50 }] },
      },
    },
    definitions.flags[1],
  ],
};

describe('PostHog dialect in the web provider', () => {
  it('evaluates multivariate and boolean flags synchronously, bucketed like PostHog', async () => {
    const provider = new PosthogWebProvider({ bootstrap: { definitions }, cache: { storage: new MemoryStorage() } });
    const { client } = await register('posthog', provider, { targetingKey: 'user-7', plan: 'pro' });
    const expected = posthogHash('create-instance-cta', 'user-7', 'variant') < 0.5 ? 'button' : 'card';
    expect(client.getStringValue('create-instance-cta', 'none')).toBe(expected);
    expect(client.getBooleanDetails('pro-banner', false)).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
  });

  it('captures exposures with the PostHog response types', async () => {
    const captured: Record<string, unknown>[] = [];
    const provider = new RollgateWebProvider({
      bootstrap: { definitions },
      dialect: posthogDialect,
      cache: false,
      capture: (_event, properties) => captured.push(properties),
    });
    const { client } = await register('posthog-exposure', provider, { targetingKey: 'user-7', plan: 'pro' });
    const variant = client.getStringValue('create-instance-cta', 'none');
    client.getBooleanValue('pro-banner', false);
    expect(captured.map((p) => p.$feature_flag_response)).toEqual([variant, true]);
    expect(captured[1]).toMatchObject({ '$feature/pro-banner': true, $feature_flag: 'pro-banner' });
  });

  it("exposes a PostHog flag that matched nothing as PostHog's false, never the caller's default", async () => {
    // posthog-js and posthog-node send $feature_flag_response false when no condition matched; the
    // caller's default ('control' here) would count every non-targeted user in the control arm.
    const captured: Record<string, unknown>[] = [];
    const provider = new PosthogWebProvider({ bootstrap: { definitions: gated }, cache: false, capture: (_event, properties) => captured.push(properties) });
    const { client } = await register('posthog-no-match', provider, { targetingKey: 'user-8', plan: 'free' });
    expect(client.getStringDetails('gated-cta', 'control')).toMatchObject({ value: 'control', reason: 'DEFAULT' });
    // (a boolean PostHog flag answers its own false when nothing matched, whatever the default)
    expect(client.getBooleanDetails('pro-banner', true)).toMatchObject({ value: false, reason: 'DEFAULT' });
    expect(captured.map((p) => [p.$feature_flag, p.$feature_flag_response, p['$feature/' + String(p.$feature_flag)]])).toEqual([
      ['gated-cta', false, false],
      ['pro-banner', false, false],
    ]);
  });

  it('a flagd document is rejected by the PostHog dialect with a path, and the code defaults serve', async () => {
    const errors: string[] = [];
    const provider = new RollgateWebProvider({ bootstrap: { definitions: { flags: {} } }, dialect: posthogDialect, cache: false, onError: (e) => errors.push(e.message) });
    await expect(provider.initialize({ targetingKey: 'u' })).rejects.toThrow(/DEFINITIONS_UNAVAILABLE/);
    expect(errors[0]).toContain('$.flags');
    expect(provider.resolveBooleanEvaluation('pro-banner', false)).toMatchObject({ value: false, errorCode: 'GENERAL' });
  });
});
