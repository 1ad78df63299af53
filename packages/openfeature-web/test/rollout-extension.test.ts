// Rollout stages and `requires` in the browser are opt-in (`extensions: [rolloutExtension]` from
// `@rollgate/openfeature-web/rollout`), so apps without them do not ship the extension.
import { afterEach, describe, expect, it } from 'vitest';
import { OpenFeature, ProviderStatus } from '@openfeature/web-sdk';
import { InvalidOptionsError, RollgateWebProvider, type RollgateWebError } from '@rollgate/openfeature-web';
import { posthogDialect } from '@rollgate/openfeature-web/posthog';
import { rolloutExtension } from '@rollgate/openfeature-web/rollout';
import { MemoryStorage } from './support/fixtures.js';
import { register, watch, domainFor } from './support/register.js';

const bool = { variants: { on: true, off: false }, defaultVariant: 'off' };
const rolloutDocument = {
  flags: {
    'new-area': { state: 'ENABLED', ...bool, rollout: { stage: 'allowlist', allow: { orgId: ['acme'] } } },
    'new-area-export': { state: 'ENABLED', ...bool, rollout: { stage: 'ga' }, requires: ['new-area'] },
  },
};

afterEach(async () => {
  await OpenFeature.clearProviders();
});

describe('a rollout document without the rollout extension is rejected with a clear error', () => {
  it('PROVIDER_ERROR, DEFINITIONS_REJECTED naming the flag path and the option; reads return the code default', async () => {
    const errors: RollgateWebError[] = [];
    const provider = new RollgateWebProvider({ bootstrap: { definitions: rolloutDocument }, cache: { storage: new MemoryStorage() }, onError: (e) => errors.push(e) });
    const registered = watch(domainFor('rollout-missing'));
    await expect(OpenFeature.setProviderAndWait(registered.domain, provider, { targetingKey: 'u1', orgId: 'acme' })).rejects.toThrow(/DEFINITIONS_UNAVAILABLE/);
    expect(registered.events.map((e) => e.type)).toEqual(['PROVIDER_ERROR']);
    expect(registered.client.providerStatus).toBe(ProviderStatus.ERROR);

    const rejected = errors.find((e) => e.code === 'DEFINITIONS_REJECTED');
    expect(rejected?.message).toContain('$.flags.new-area.rollout: flag "new-area" uses a "rollout" block, which needs the rollout extension');
    expect(rejected?.message).toContain("`extensions: [rolloutExtension]`, imported from '@rollgate/openfeature-web/rollout'");
    expect(rejected?.message).toContain('$.flags.new-area-export.requires: flag "new-area-export" uses "requires"');
    expect(registered.client.getBooleanDetails('new-area', false)).toMatchObject({ value: false, errorCode: 'GENERAL' });
  });
});

describe('with the rollout extension, rollout stages and requires evaluate in the browser provider', () => {
  it('allowlisted org is in, others are out; the child follows its parent', async () => {
    const provider = new RollgateWebProvider({ bootstrap: { definitions: rolloutDocument }, cache: false, extensions: [rolloutExtension] });
    const { client, domain } = await register('rollout-on', provider, { targetingKey: 'u1', orgId: 'acme' });
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(client.getBooleanDetails('new-area', false)).toMatchObject({ value: true, variant: 'on', reason: 'TARGETING_MATCH' });
    expect(client.getBooleanValue('new-area-export', false)).toBe(true);

    await OpenFeature.setContext(domain, { targetingKey: 'u2', orgId: 'globex' });
    expect(client.getBooleanDetails('new-area', true)).toMatchObject({ value: false, variant: 'off' });
    expect(client.getBooleanDetails('new-area-export', true)).toMatchObject({ value: false, variant: 'off', flagMetadata: { requires: 'new-area' } });
  });

  it('extensions are for flagd definitions: with the PostHog dialect they are an InvalidOptionsError', () => {
    expect(() => new RollgateWebProvider({ bootstrap: { definitions: { flags: [] } }, dialect: posthogDialect, extensions: [rolloutExtension] })).toThrow(InvalidOptionsError);
    expect(() => new RollgateWebProvider({ bootstrap: { definitions: rolloutDocument }, extensions: rolloutExtension as never })).toThrow(/option `extensions`/);
  });
});
