// Server render -> page: precompute, serialize safely, read back from the DOM.
import { describe, expect, it } from 'vitest';
import { compileFlagd } from '@rollgate/core';
import { precomputeValues, readBootstrap, RollgateWebProvider, serializeBootstrap } from '@rollgate/openfeature-web';
import { CTA_FLAG, ctaDocument, MemoryStorage } from './support/fixtures.js';
import { register } from './support/register.js';

function compiled() {
  const result = compileFlagd(ctaDocument());
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function fakeDocument(text: string | undefined) {
  return { getElementById: (id: string) => (text !== undefined && id === 'rollgate-bootstrap' ? ({ textContent: text } as HTMLElement) : null) };
}

describe('precomputeValues: what the server inlines instead of the rules', () => {
  it('holds each flag with a value for the context, and leaves out flags that fall back to the code default', () => {
    const bootstrap = precomputeValues(compiled(), { targetingKey: 'user-1' }, 0);
    expect(bootstrap.context).toEqual({ targetingKey: 'user-1' });
    expect(bootstrap.values[CTA_FLAG]).toEqual({ value: 'card', variant: 'card', reason: 'TARGETING_MATCH', flagMetadata: { version: 3 } });
    expect(bootstrap.values['max-projects']).toEqual({ value: 3, variant: 'few', reason: 'STATIC' });
    expect('dark-mode' in bootstrap.values).toBe(false); // disabled: in `callerDefaults`, the client's default applies
  });

  it('round-trips through serialize -> readBootstrap -> provider with the same answers as the rules', async () => {
    const text = serializeBootstrap(precomputeValues(compiled(), { targetingKey: 'user-1', plan: 'pro' }, 0));
    const read = readBootstrap(fakeDocument(text));
    if (!read.ok || read.value === undefined) throw new Error('expected a bootstrap');
    const provider = new RollgateWebProvider({ bootstrap: read.value, cache: { storage: new MemoryStorage() } });
    // Key order of the context does not matter.
    const { client } = await register('roundtrip', provider, { plan: 'pro', targetingKey: 'user-1' });
    expect(client.getStringDetails(CTA_FLAG, 'button')).toMatchObject({ value: 'card', variant: 'card', reason: 'TARGETING_MATCH' });
    expect(client.getBooleanValue('dark-mode', true)).toBe(true);
  });
});

describe('serializeBootstrap: safe inside an inline <script>', () => {
  it('escapes <, >, &, U+2028 and U+2029 and stays valid JSON', () => {
    const bootstrap = { context: {}, values: { f: { value: '</script><b>&\u2028\u2029' } } };
    const text = serializeBootstrap(bootstrap);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(bootstrap);
  });
});

describe('readBootstrap', () => {
  it('no element: ok and undefined (a page without a server render)', () => {
    expect(readBootstrap(fakeDocument(undefined))).toEqual({ ok: true, value: undefined });
  });

  it('bad JSON or a bad shape: an error naming the element or the JSON path, never a throw', () => {
    const bad = readBootstrap(fakeDocument('{"context":'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('#rollgate-bootstrap: invalid JSON');
    const shape = readBootstrap(fakeDocument('{"context":{},"values":{"f":{"value":1,"flagMetadata":{"x":[1]}}}}'));
    expect(shape).toEqual({ ok: false, error: 'bootstrap $.values["f"].flagMetadata.x: expected a string, number or boolean' });
  });
});
