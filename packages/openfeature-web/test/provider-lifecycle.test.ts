// The provider through the real @openfeature/web-sdk, named after the OpenFeature spec requirements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenFeature, ProviderStatus } from '@openfeature/web-sdk';
import { RollgateWebProvider, type RollgateWebError } from '@rollgate/openfeature-web';
import { startDefinitionsServer, type DefinitionsServer } from './support/definitions-server.js';
import { CTA_FLAG, ctaDocument, MemoryStorage } from './support/fixtures.js';
import { register, watch, domainFor } from './support/register.js';

let server: DefinitionsServer;
beforeAll(async () => {
  server = await startDefinitionsServer();
});
afterAll(async () => {
  await server.close();
});

function provider(extra: ConstructorParameters<typeof RollgateWebProvider>[0] = {}) {
  const errors: RollgateWebError[] = [];
  const instance = new RollgateWebProvider({ cache: { storage: new MemoryStorage() }, onError: (e) => errors.push(e), ...extra });
  return { instance, errors };
}

describe('Requirement 2.4.1 / 5.3.1: initialisation evaluates the static context and emits READY', () => {
  it('serves a bootstrapped document with no network: READY, and the context-specific variant', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const responsesBefore = server.responses;
    server.hold = true; // the URL answers nothing until released: READY must not wait for it
    const { instance } = provider({ url: server.url, bootstrap: { definitions: ctaDocument() } });
    const { client, events } = await register('init', instance, { targetingKey: 'user-1' });
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(events.map((e) => e.type)).toEqual(['PROVIDER_READY']);
    expect(client.getStringDetails(CTA_FLAG, 'none')).toMatchObject({
      value: 'card',
      variant: 'card',
      reason: 'TARGETING_MATCH',
      flagMetadata: { version: 3 },
    });
    expect(server.responses).toBe(responsesBefore);
    server.release();
    expect((await instance.refresh()).kind).toBe('unchanged');
    expect(server.responses).toBeGreaterThan(responsesBefore);
    await OpenFeature.clearProviders();
  });

  it('serves precomputed values for the matching context without definitions', async () => {
    const { instance } = provider({
      bootstrap: {
        context: { targetingKey: 'user-9', plan: 'pro' },
        values: { [CTA_FLAG]: { value: 'card', variant: 'card', reason: 'SPLIT', flagMetadata: { version: 4 } } },
      },
    });
    const { client } = await register('values', instance, { plan: 'pro', targetingKey: 'user-9' });
    expect(client.getStringDetails(CTA_FLAG, 'none')).toMatchObject({ value: 'card', variant: 'card', reason: 'SPLIT', flagMetadata: { version: 4 } });
    // Requirement 2.2.7: problems carry an error code and return the caller's default.
    expect(client.getNumberDetails(CTA_FLAG, 1)).toMatchObject({ value: 1, errorCode: 'TYPE_MISMATCH' });
    expect(client.getBooleanDetails('missing', true)).toMatchObject({ value: true, errorCode: 'FLAG_NOT_FOUND' });
  });
});

describe('Requirement 2.2: resolution details', () => {
  it('2.2.3/2.2.4/2.2.9: value, variant, reason and metadata; 2.2.6: no error code on success', async () => {
    const { instance } = provider({ bootstrap: { definitions: ctaDocument() } });
    const { client } = await register('details', instance, { targetingKey: 'user-2' });
    const details = client.getStringDetails(CTA_FLAG, 'none');
    expect(details).toMatchObject({ value: 'button', variant: 'button', flagMetadata: { version: 3 } });
    expect(details.errorCode).toBeUndefined();
    expect(client.getNumberDetails('max-projects', 0)).toMatchObject({ value: 3, variant: 'few', reason: 'STATIC' });
    expect(client.getObjectValue('theme', {})).toEqual({ accent: 'grey' });
  });

  it('2.2.7: a disabled flag, a wrong type and a missing flag return the caller default', async () => {
    const { instance } = provider({ bootstrap: { definitions: ctaDocument() } });
    const { client } = await register('defaults', instance, { targetingKey: 'user-2' });
    expect(client.getBooleanDetails('dark-mode', true)).toMatchObject({ value: true, reason: 'DISABLED' });
    expect(client.getBooleanDetails(CTA_FLAG, false)).toMatchObject({ value: false, errorCode: 'TYPE_MISMATCH' });
    expect(client.getStringDetails('nope', 'x')).toMatchObject({ value: 'x', errorCode: 'FLAG_NOT_FOUND' });
  });
});

describe('Requirement 2.6.1 / 5.3.4.2: a context change re-evaluates, RECONCILING -> CONTEXT_CHANGED', () => {
  it('switches the variant for the new context', async () => {
    const { instance } = provider({ bootstrap: { definitions: ctaDocument() } });
    const { client, events, domain } = await register('ctx', instance, { targetingKey: 'user-1' });
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');
    await OpenFeature.setContext(domain, { targetingKey: 'user-2' });
    expect(events.map((e) => e.type)).toEqual(['PROVIDER_READY', 'PROVIDER_RECONCILING', 'PROVIDER_CONTEXT_CHANGED']);
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('button');
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });

  it('fetches definitions when precomputed values do not cover the new context', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const { instance } = provider({
      url: server.url,
      bootstrap: { context: { targetingKey: 'user-2' }, values: { [CTA_FLAG]: { value: 'button', variant: 'button' } } },
    });
    const { client, domain } = await register('ctx-fetch', instance, { targetingKey: 'user-2' });
    await instance.refresh();
    await OpenFeature.setContext(domain, { targetingKey: 'user-1' });
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');
  });
});

describe('Requirement 5.3.4.3: a context change that cannot be served ends in PROVIDER_ERROR with a code', () => {
  it('values for another user, URL down: ERROR, and reads return the code default with GENERAL', async () => {
    server.mode = 'error';
    const { instance, errors } = provider({
      url: server.url,
      bootstrap: { context: { targetingKey: 'user-1' }, values: { [CTA_FLAG]: { value: 'card', variant: 'card' } } },
    });
    const { client, events, domain } = await register('ctx-error', instance, { targetingKey: 'user-1' });
    await instance.refresh(); // the revalidation fails: the values keep serving, STALE
    expect(events.map((e) => e.type)).toEqual(['PROVIDER_READY', 'PROVIDER_STALE']);
    await OpenFeature.setContext(domain, { targetingKey: 'user-2' });
    expect(events.map((e) => e.type)).toEqual(['PROVIDER_READY', 'PROVIDER_STALE', 'PROVIDER_RECONCILING', 'PROVIDER_ERROR']);
    expect(events.at(-1)?.message).toContain('DEFINITIONS_UNAVAILABLE');
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    expect(client.getStringDetails(CTA_FLAG, 'fallback')).toMatchObject({ value: 'fallback', errorCode: 'GENERAL' });
    expect(errors.some((e) => e.code === 'FETCH_FAILED')).toBe(true);
    server.mode = 'ok';
  });
});

describe('Requirement 2.4.2.1 / 5.3.2: initialisation with no definitions at all fails open', () => {
  it('URL down, no cache, no bootstrap: PROVIDER_ERROR, and reads return the code defaults', async () => {
    server.mode = 'error';
    const { instance } = provider({ url: server.url });
    const registered = watch(domainFor('init-error'));
    await expect(OpenFeature.setProviderAndWait(registered.domain, instance, { targetingKey: 'user-1' })).rejects.toThrow(/DEFINITIONS_UNAVAILABLE/);
    expect(registered.events.map((e) => e.type)).toEqual(['PROVIDER_ERROR']);
    expect(registered.client.providerStatus).toBe(ProviderStatus.ERROR);
    expect(registered.client.getStringDetails(CTA_FLAG, 'button')).toMatchObject({ value: 'button', errorCode: 'GENERAL' });
    // ...and recovers when the URL comes back (spec 5.3.2: a provider may emit READY after a failed init).
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    expect((await instance.refresh()).kind).toBe('updated');
    expect(registered.events.map((e) => e.type)).toEqual(['PROVIDER_ERROR', 'PROVIDER_READY', 'PROVIDER_CONFIGURATION_CHANGED']);
    expect(registered.client.providerStatus).toBe(ProviderStatus.READY);
    expect(registered.client.getStringValue(CTA_FLAG, 'button')).toBe('card');
  });
});

describe('Requirement 5.1.1: CONFIGURATION_CHANGED and STALE from background revalidation', () => {
  it('emits CONFIGURATION_CHANGED with the changed keys, STALE on failure, READY on recovery', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const { instance } = provider({ url: server.url });
    const { client, events } = await register('config', instance, { targetingKey: 'user-2' });
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('button');

    server.setDocument(ctaDocument({ cardUsers: ['user-2'], version: 4 }));
    expect(await instance.refresh()).toEqual({ kind: 'updated', flagsChanged: [CTA_FLAG] });
    expect(events.at(-1)).toEqual({ type: 'PROVIDER_CONFIGURATION_CHANGED', flagsChanged: [CTA_FLAG] });
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');

    server.mode = 'error';
    expect((await instance.refresh()).kind).toBe('failed');
    expect(events.at(-1)?.type).toBe('PROVIDER_STALE');
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    // The last good definitions keep serving while stale.
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');

    server.mode = 'ok';
    expect((await instance.refresh()).kind).toBe('not-modified');
    expect(events.at(-1)?.type).toBe('PROVIDER_READY');
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });

  it('an invalid document from the URL is rejected with its JSON path; the last good one keeps serving', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const { instance, errors } = provider({ url: server.url });
    const { client } = await register('invalid', instance, { targetingKey: 'user-1' });
    server.setDocument({ flags: { [CTA_FLAG]: { state: 'ENABLED', variants: { a: 1 }, defaultVariant: 'zzz' } } });
    const outcome = await instance.refresh();
    expect(outcome.kind).toBe('failed');
    expect(errors.at(-1)?.code).toBe('DEFINITIONS_REJECTED');
    expect(errors.at(-1)?.message).toContain(`$.flags`);
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');
  });
});

describe('Definitions URL: ETag and timeout', () => {
  it('revalidates with If-None-Match and takes a 304 as "still current"', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument({ version: 11 }));
    const { instance } = provider({ url: server.url });
    await register('etag', instance, {});
    const first = server.requests.at(-1);
    expect(first?.headers['if-none-match']).toBeUndefined();
    expect((await instance.refresh()).kind).toBe('not-modified');
    expect(server.requests.at(-1)?.headers['if-none-match']).toMatch(/^".+"$/);
  });

  it('abandons a fetch that does not answer within fetchTimeoutMs and fails open', async () => {
    server.mode = 'hang';
    const { instance, errors } = provider({ url: server.url, fetchTimeoutMs: 50 });
    const registered = watch(domainFor('timeout'));
    await expect(OpenFeature.setProviderAndWait(registered.domain, instance, {})).rejects.toThrow(/DEFINITIONS_UNAVAILABLE/);
    const failure = errors.find((e) => e.code === 'FETCH_FAILED');
    expect(failure?.message).toContain('no answer within 50 ms');
    expect(registered.client.getBooleanValue('any', true)).toBe(true);
    server.mode = 'ok';
  });
});

describe('Requirement 2.5.2: after shutdown the provider is back to its uninitialised state', () => {
  it('onClose forgets the definitions; initialising again serves them again', async () => {
    const { instance } = provider({ bootstrap: { definitions: ctaDocument() } });
    await instance.initialize({ targetingKey: 'user-1' });
    expect(instance.resolveStringEvaluation(CTA_FLAG, 'none').value).toBe('card');
    await instance.onClose();
    expect(instance.resolveStringEvaluation(CTA_FLAG, 'none')).toMatchObject({ value: 'none', errorCode: 'GENERAL' });
    await instance.initialize({ targetingKey: 'user-1' });
    expect(instance.resolveStringEvaluation(CTA_FLAG, 'none').value).toBe('card');
  });
});

describe('Options are checked at the edge', () => {
  it('names the bad option', () => {
    expect(() => new RollgateWebProvider({})).toThrow(/option `url`/);
    expect(() => new RollgateWebProvider({ url: 'x', fetchTimeoutMs: -1 })).toThrow(/option `fetchTimeoutMs`/);
    expect(() => new RollgateWebProvider({ url: 'x', cache: { ttlMs: Number.NaN } })).toThrow(/option `cache.ttlMs`/);
  });

  it('a malformed bootstrap is reported with its path and the provider falls back to the URL', async () => {
    server.mode = 'ok';
    server.setDocument(ctaDocument());
    const { instance, errors } = provider({ url: server.url, bootstrap: { context: {}, values: { x: { variant: 3 } } } });
    const { client } = await register('bad-bootstrap', instance, { targetingKey: 'user-1' });
    expect(errors[0]?.message).toContain('$.values["x"]');
    expect(client.getStringValue(CTA_FLAG, 'none')).toBe('card');
  });
});
