// Exposure: `$feature_flag_called` through the capture callback, once per (flag, variant,
// distinct id) per page, never for reads marked `exposure: false` (situation 2 of the brief).
import { describe, expect, it } from 'vitest';
import { OpenFeature } from '@openfeature/web-sdk';
import { EXPOSURE_HINT, RollgateWebProvider } from '@rollgate/openfeature-web';
import { capturingProvider } from './support/capturing-provider.js';
import { CTA_FLAG, ctaDocument } from './support/fixtures.js';
import { register } from './support/register.js';

const setup = capturingProvider;

describe('Exposure record: the $feature_flag_called shape', () => {
  it('carries the flag, the variant as response and $feature/<key>, the reason and the flag version', async () => {
    const { provider, captured } = setup();
    const { client } = await register('shape', provider, { targetingKey: 'user-1' });
    client.getStringValue(CTA_FLAG, 'button');
    expect(captured).toEqual([
      {
        event: '$feature_flag_called',
        properties: {
          $feature_flag: CTA_FLAG,
          $feature_flag_response: 'card',
          [`$feature/${CTA_FLAG}`]: 'card',
          $feature_flag_reason: 'TARGETING_MATCH',
          $feature_flag_version: 3,
          $feature_flag_metadata: { version: 3 },
        },
      },
    ]);
  });
});

describe('Exposure deduplication per page session', () => {
  it('captures once per (flag, variant, distinct id), however often the CTA renders', async () => {
    const { provider, captured } = setup();
    const { client, domain } = await register('dedup', provider, { targetingKey: 'user-1' });
    for (let i = 0; i < 5; i++) client.getStringValue(CTA_FLAG, 'button');
    expect(captured).toHaveLength(1);
    await OpenFeature.setContext(domain, { targetingKey: 'user-2' });
    for (let i = 0; i < 5; i++) client.getStringValue(CTA_FLAG, 'button');
    expect(captured.map((c) => c.properties.$feature_flag_response)).toEqual(['card', 'button']);
    // Back to user-1: already captured in this page session.
    await OpenFeature.setContext(domain, { targetingKey: 'user-1' });
    client.getStringValue(CTA_FLAG, 'button');
    expect(captured).toHaveLength(2);
    // A new session (e.g. after logout) starts over.
    provider.resetExposures();
    client.getStringValue(CTA_FLAG, 'button');
    expect(captured).toHaveLength(3);
  });
});

describe('Exposure scoping: the hook hint `exposure: false`', () => {
  it('a read not shown to the user (page shell, prefetch) captures nothing; the shown read does', async () => {
    const { provider, captured } = setup();
    const { client } = await register('hint', provider, { targetingKey: 'user-1' });
    expect(client.getStringValue(CTA_FLAG, 'button', { hookHints: { [EXPOSURE_HINT]: false } })).toBe('card');
    expect(client.getStringDetails(CTA_FLAG, 'button', { hookHints: { exposure: false } }).value).toBe('card');
    expect(captured).toHaveLength(0);
    client.getStringValue(CTA_FLAG, 'button');
    expect(captured).toHaveLength(1);
  });

  it('failed reads (wrong type, missing flag) expose nothing', async () => {
    const { provider, captured } = setup();
    const { client } = await register('errors', provider, { targetingKey: 'user-1' });
    client.getBooleanValue(CTA_FLAG, false);
    client.getStringValue('missing', 'x');
    expect(captured).toHaveLength(0);
  });

  it('a disabled flag answers the code default and exposes nothing, as on the server', async () => {
    const { provider, captured } = setup();
    const { client } = await register('disabled', provider, { targetingKey: 'user-1' });
    expect(client.getBooleanDetails('dark-mode', true)).toMatchObject({ value: true, reason: 'DISABLED' });
    expect(captured).toHaveLength(0);
    client.getNumberValue('max-projects', 1);
    expect(captured.map((c) => c.properties.$feature_flag)).toEqual(['max-projects']);
  });
});

describe('A throwing capture callback never breaks evaluation', () => {
  it('the read returns its value and the failure is reported', async () => {
    const { provider, errors } = setup(() => {
      throw new Error('analytics blocked');
    });
    const { client } = await register('throwing', provider, { targetingKey: 'user-1' });
    expect(client.getStringValue(CTA_FLAG, 'button')).toBe('card');
    expect(errors.map((e) => e.code)).toEqual(['CAPTURE_FAILED']);
    expect(errors[0]?.message).toContain('analytics blocked');
  });

  it('without a capture callback no hook is installed at all', () => {
    const provider = new RollgateWebProvider({ bootstrap: { definitions: ctaDocument() } });
    expect(provider.hooks).toEqual([]);
  });
});
