// Precomputed values answer every read as the server's engine would, including the flags whose
// answer is the caller's default (README: "the code default applies exactly as it would have on
// the server"; "DISABLED answers the code's default with reason DISABLED").
import { describe, expect, it } from 'vitest';
import { ProviderStatus } from '@openfeature/web-sdk';
import { compileFlagd, evaluate, toResolutionDetails, type FlagType, type JsonValue } from '@rollgate/core';
import { precomputeValues, readBootstrap, RollgateWebProvider, serializeBootstrap, type ValuesBootstrap } from '@rollgate/openfeature-web';
import { register } from './support/register.js';

const definitions = {
  metadata: { flagSetId: 'web' },
  flags: {
    'dark-mode': { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'on', metadata: { owner: 'ui' } },
    // No defaultVariant, and the rule does not match plan "free": the caller's default, reason DEFAULT.
    'pro-banner': { state: 'ENABLED', variants: { a: 'A', b: 'B' }, defaultVariant: null, targeting: { if: [{ '==': [{ var: 'plan' }, 'pro'] }, 'a', null] } },
    'no-default': { state: 'ENABLED', variants: { a: 1, b: 2 }, defaultVariant: null },
    // The rule names a variant that does not exist for this context: ERROR / GENERAL on the server.
    'broken': { state: 'ENABLED', variants: { a: 'A' }, defaultVariant: 'a', targeting: { var: 'pick' } },
    'static': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
  },
};
const context = { targetingKey: 'user-1', plan: 'free', pick: 'nope' };
const reads: [string, FlagType, JsonValue][] = [
  ['dark-mode', 'boolean', false],
  ['dark-mode', 'string', 'x'],
  ['pro-banner', 'string', 'code'],
  ['pro-banner', 'number', 7],
  ['no-default', 'number', 9],
  ['broken', 'string', 'code'],
  ['static', 'boolean', false],
  ['static', 'object', {}],
  ['missing', 'boolean', true],
];

function compiled() {
  const result = compileFlagd(definitions);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function read(client: Awaited<ReturnType<typeof register>>['client'], key: string, type: FlagType, fallback: JsonValue) {
  const details =
    type === 'boolean' ? client.getBooleanDetails(key, fallback as boolean)
    : type === 'string' ? client.getStringDetails(key, fallback as string)
    : type === 'number' ? client.getNumberDetails(key, fallback as number)
    : client.getObjectDetails(key, fallback as never);
  return { value: details.value, variant: details.variant, reason: details.reason, errorCode: details.errorCode };
}

function server(key: string, type: FlagType, fallback: JsonValue) {
  const details = toResolutionDetails(evaluate(compiled(), key, type, fallback, context));
  return { value: details.value, variant: details.variant, reason: details.reason, errorCode: details.errorCode };
}

describe('precomputed values: the caller default applies exactly as on the server', () => {
  it('DISABLED, no variant chosen without a defaultVariant, and errors: same value, reason and error code as the engine', async () => {
    const text = serializeBootstrap(precomputeValues(compiled(), context, 0));
    const bootstrap = readBootstrap({ getElementById: () => ({ textContent: text }) as unknown as HTMLElement });
    if (!bootstrap.ok || bootstrap.value === undefined) throw new Error(`expected a bootstrap: ${JSON.stringify(bootstrap)}`);
    const captured: string[] = [];
    const provider = new RollgateWebProvider({ bootstrap: bootstrap.value, cache: false, capture: (_event, p) => captured.push(String(p.$feature_flag)) });
    const { client } = await register('caller-defaults', provider, context);
    for (const [key, type, fallback] of reads) {
      expect({ key, type, ...read(client, key, type, fallback) }).toEqual({ key, type, ...server(key, type, fallback) });
    }
    expect(client.getBooleanDetails('dark-mode', false).flagMetadata).toEqual({ flagSetId: 'web', owner: 'ui' });
    // A disabled flag exposes nothing: nobody was assigned anything.
    expect(captured).not.toContain('dark-mode');
  });

  it('carries such flags in `callerDefaults` (type, reason, error code; never the server message)', () => {
    const bootstrap = precomputeValues(compiled(), context, 0);
    expect(bootstrap.callerDefaults).toEqual({
      'dark-mode': { type: 'boolean', reason: 'DISABLED', flagMetadata: { flagSetId: 'web', owner: 'ui' } },
      'pro-banner': { type: 'string', reason: 'DEFAULT', flagMetadata: { flagSetId: 'web' } },
      'no-default': { type: 'number', reason: 'DEFAULT', flagMetadata: { flagSetId: 'web' } },
      'broken': { type: 'string', reason: 'ERROR', errorCode: 'GENERAL', flagMetadata: { flagSetId: 'web' } },
    });
    expect(Object.keys(bootstrap.values)).toEqual(['static']);
  });

  it('an empty values map is a valid bootstrap: READY, and an unknown flag is FLAG_NOT_FOUND, as on the server', async () => {
    const provider = new RollgateWebProvider({ bootstrap: { context, values: {} }, cache: false, onError: () => {} });
    const { client } = await register('empty-values', provider, context);
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(read(client, 'missing', 'string', 'code')).toEqual({ value: 'code', variant: undefined, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });

  it('a bootstrap written before `callerDefaults` still reads (those flags stay FLAG_NOT_FOUND there)', async () => {
    const old: ValuesBootstrap = { context, values: { static: { value: true, variant: 'on', reason: 'STATIC' } } };
    const provider = new RollgateWebProvider({ bootstrap: old, cache: false, onError: () => {} });
    const { client } = await register('old-bootstrap', provider, context);
    expect(read(client, 'static', 'boolean', false)).toEqual({ value: true, variant: 'on', reason: 'STATIC', errorCode: undefined });
    expect(read(client, 'dark-mode', 'boolean', false).errorCode).toBe('FLAG_NOT_FOUND');
  });

  it('a malformed `callerDefaults` entry is reported with its JSON path', () => {
    const text = JSON.stringify({ context: {}, values: {}, callerDefaults: { f: { type: 'date', reason: 'DISABLED' } } });
    expect(readBootstrap({ getElementById: () => ({ textContent: text }) as unknown as HTMLElement })).toEqual({
      ok: false,
      error: 'bootstrap $.callerDefaults["f"].type: expected boolean, string, number or object',
    });
  });
});
