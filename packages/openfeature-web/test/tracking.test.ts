// The OpenFeature tracking API in the browser provider: `client.track(...)` goes through the same
// capture callback as exposures, attributed to the variants the user was shown on the page.
import { describe, expect, it } from 'vitest';
import { OpenFeature } from '@openfeature/web-sdk';
import { RollgateWebProvider, TrackFailedError, type RollgateWebError } from '@rollgate/openfeature-web';
import { startDefinitionsServer } from './support/definitions-server.js';
import { capturingProvider } from './support/capturing-provider.js';
import { CTA_FLAG, ctaDocument } from './support/fixtures.js';
import { register } from './support/register.js';

function setup(capture?: (event: string, properties: Record<string, unknown>) => void) {
  const recorded = capturingProvider(capture);
  const tracked = () => recorded.captured.filter((c) => c.event !== '$feature_flag_called');
  return { ...recorded, tracked };
}

describe('client.track attributes a conversion to what the user was shown', () => {
  it('carries the details plus $feature/<key> and $active_feature_flags for every flag shown', async () => {
    const { provider, tracked } = setup();
    const { client } = await register('track-shown', provider, { targetingKey: 'user-1' });
    client.getStringValue(CTA_FLAG, 'button');
    client.getNumberValue('max-projects', 1);
    client.getBooleanValue('dark-mode', true); // disabled: the code default, nobody was assigned anything
    client.track('instance_created', { value: 30, plan: 'pro' });
    expect(tracked()).toEqual([
      {
        event: 'instance_created',
        properties: {
          value: 30,
          plan: 'pro',
          [`$feature/${CTA_FLAG}`]: 'card',
          '$feature/max-projects': 'few',
          $active_feature_flags: [CTA_FLAG, 'max-projects'].sort(),
        },
      },
    ]);
  });

  it('before any exposure, the event carries only its details', async () => {
    const { provider, tracked } = setup();
    const { client } = await register('track-none', provider, { targetingKey: 'user-1' });
    client.track('page_opened');
    client.track('instance_created', { value: 1 });
    expect(tracked()).toEqual([
      { event: 'page_opened', properties: {} },
      { event: 'instance_created', properties: { value: 1 } },
    ]);
  });

  it('a read marked `exposure: false` is not something the user saw, so it is not attributed', async () => {
    const { provider, tracked } = setup();
    const { client } = await register('track-hint', provider, { targetingKey: 'user-1' });
    client.getStringValue(CTA_FLAG, 'button', { hookHints: { exposure: false } });
    client.track('instance_created');
    expect(tracked()[0]?.properties).toEqual({});
  });

  it('follows the context: each user is attributed to their own variant, and a reset forgets both', async () => {
    const { provider, tracked } = setup();
    const { client, domain } = await register('track-users', provider, { targetingKey: 'user-1' });
    client.getStringValue(CTA_FLAG, 'button');
    await OpenFeature.setContext(domain, { targetingKey: 'user-2' });
    client.track('instance_created'); // user-2 has not been shown the CTA yet
    client.getStringValue(CTA_FLAG, 'button');
    client.track('instance_created');
    await OpenFeature.setContext(domain, { targetingKey: 'user-1' });
    client.track('instance_created');
    provider.resetExposures();
    client.track('instance_created');
    expect(tracked().map((t) => t.properties[`$feature/${CTA_FLAG}`] ?? null)).toEqual([null, 'button', 'card', null]);
  });

  it('attributes to the variant shown last when the definitions change under the page', async () => {
    const server = await startDefinitionsServer();
    try {
      server.setDocument(ctaDocument());
      const captured: { event: string; properties: Record<string, unknown> }[] = [];
      const provider = new RollgateWebProvider({ url: server.url, cache: false, capture: (event, properties) => captured.push({ event, properties }) });
      const { client } = await register('track-latest', provider, { targetingKey: 'user-1' });
      client.getStringValue(CTA_FLAG, 'button');
      server.setDocument(ctaDocument({ cardUsers: [] })); // user-1 moves to the button
      expect((await provider.refresh()).kind).toBe('updated');
      expect(client.getStringValue(CTA_FLAG, 'card')).toBe('button');
      client.track('instance_created');
      expect(captured.map((c) => [c.event, c.properties[`$feature/${CTA_FLAG}`]])).toEqual([
        ['$feature_flag_called', 'card'],
        ['$feature_flag_called', 'button'],
        ['instance_created', 'button'],
      ]);
    } finally {
      await server.close();
    }
  });
});

describe('client.track never throws at the app', () => {
  it('a missing event name is reported as TrackFailedError and nothing is captured', async () => {
    const { provider, tracked, errors } = setup();
    const { client } = await register('track-bad-name', provider, { targetingKey: 'user-1' });
    client.track('');
    expect(tracked()).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TrackFailedError);
    expect(errors[0]!.code).toBe('TRACK_FAILED');
    expect(errors[0]!.message).toContain('non-empty string');
  });

  it('a throwing capture is reported with its cause; the next event still goes out', async () => {
    let fail = true;
    const sent: string[] = [];
    const { provider, errors } = setup((event) => {
      if (event === '$feature_flag_called') return;
      if (fail) throw new Error('posthog not loaded');
      sent.push(event);
    });
    const { client } = await register('track-throwing', provider, { targetingKey: 'user-1' });
    expect(() => client.track('instance_created')).not.toThrow();
    fail = false;
    client.track('instance_created');
    expect(sent).toEqual(['instance_created']);
    expect(errors.map((e) => [e.code, e.message.includes('posthog not loaded')])).toEqual([['TRACK_FAILED', true]]);
  });

  it('without `capture` there is nowhere to send an event: track does nothing', async () => {
    const errors: RollgateWebError[] = [];
    const provider = new RollgateWebProvider({ bootstrap: { definitions: ctaDocument() }, cache: false, onError: (e) => errors.push(e) });
    const { client } = await register('track-no-capture', provider, { targetingKey: 'user-1' });
    expect(() => client.track('instance_created', { value: 1 })).not.toThrow();
    expect(errors).toEqual([]);
  });
});
