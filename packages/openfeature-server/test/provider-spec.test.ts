// The provider against OpenFeature's provider and events requirements, through the real server SDK.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenFeature, ProviderEvents, ProviderStatus, type EventDetails, type Hook } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RollgateProvider } from '@rollgate/openfeature-server';
import { sampleDocument } from './helpers/documents.js';
import { memoryLogger } from './helpers/memory-logger.js';
import { domain, eventually, tempDir } from './helpers/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
let file: string;
const providers: RollgateProvider[] = [];

beforeEach(() => {
  dir = tempDir();
  file = join(dir.path, 'flags.json');
  writeFileSync(file, sampleDocument());
});

afterEach(async () => {
  for (const provider of providers.splice(0)) await provider.onClose();
  dir.cleanup();
});

function provider(extra: Partial<ConstructorParameters<typeof RollgateProvider>[0]> = {}): RollgateProvider {
  const p = new RollgateProvider({ source: file, env: {}, logger: memoryLogger(), debounceMs: 10, ...extra });
  providers.push(p);
  return p;
}

async function client(p: RollgateProvider) {
  const name = domain('spec');
  await OpenFeature.setProviderAndWait(name, p);
  return OpenFeature.getClient(name);
}

describe('Requirement 2.1.1: metadata', () => {
  it('names the provider', () => {
    expect(provider().metadata.name).toBe('rollgate');
  });
});

describe('Requirement 2.2.1 / 2.2.2.1: typed resolvers', () => {
  it('resolves boolean, string, number and object flags through a client', async () => {
    const c = await client(provider());
    expect(await c.getBooleanValue('new-checkout', true, { targetingKey: 'u1', plan: 'pro' })).toBe(true);
    expect(await c.getBooleanValue('new-checkout', true, { targetingKey: 'u1', plan: 'free' })).toBe(false);
    expect(await c.getStringValue('button-label', 'x')).toBe('Create instance');
    expect(await c.getNumberValue('max-retries', 0)).toBe(2);
    expect(await c.getObjectValue('theme', {})).toEqual({ bg: '#000', fg: '#fff' });
  });
});

describe('Requirements 2.2.3 / 2.2.4 / 2.2.5 / 2.2.6 / 2.3.2: normal execution', () => {
  it('fills value, variant and reason, and leaves error code and message empty', async () => {
    const c = await client(provider());
    const matched = await c.getBooleanDetails('new-checkout', false, { plan: 'pro' });
    expect(matched).toMatchObject({ value: true, variant: 'on', reason: 'TARGETING_MATCH' });
    expect(matched.errorCode).toBeUndefined();
    expect(matched.errorMessage).toBeUndefined();
    const fixed = await c.getStringDetails('button-label', 'x');
    expect(fixed).toMatchObject({ value: 'Create instance', variant: 'long', reason: 'STATIC' });
  });
});

describe('Requirement 2.2.7: abnormal execution carries an error code', () => {
  it('FLAG_NOT_FOUND for an unknown key, with the code default', async () => {
    const c = await client(provider());
    const details = await c.getBooleanDetails('no-such-flag', true);
    expect(details).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });

  it('TYPE_MISMATCH when the flag is not of the type asked (the SDK does not check)', async () => {
    const c = await client(provider());
    const details = await c.getNumberDetails('button-label', 7);
    expect(details).toMatchObject({ value: 7, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    const asString = await c.getStringDetails('new-checkout', 'd');
    expect(asString).toMatchObject({ value: 'd', errorCode: 'TYPE_MISMATCH' });
  });

  it('never throws into the app, whatever the context holds', async () => {
    const p = provider();
    await client(p);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const weird = { plan: cyclic, targetingKey: 'k', big: 10n } as never;
    // Asked of the provider itself: the SDK's client turns a resolver that throws into the default
    // on its own, so a read through the client could not show that the provider never throws.
    await expect(p.resolveBooleanEvaluation('new-checkout', true, weird)).resolves.toMatchObject({ value: false, variant: 'off', reason: 'DEFAULT' });
    const hostile = Object.defineProperty({ targetingKey: 'k' }, 'plan', { enumerable: true, get: () => { throw new Error('getter boom'); } });
    await expect(p.resolveBooleanEvaluation('new-checkout', true, hostile as never)).resolves.toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'GENERAL',
      errorMessage: expect.stringContaining('getter boom'),
    });
  });
});

describe('Requirement 2.2.10: flag metadata', () => {
  it('holds only string, number and boolean values', async () => {
    const c = await client(provider());
    const details = await c.getBooleanDetails('new-checkout', false);
    for (const value of Object.values(details.flagMetadata)) {
      expect(['string', 'number', 'boolean']).toContain(typeof value);
    }
  });
});

describe('Requirement 2.3.1: provider hooks', () => {
  it('runs hooks registered on the provider (the exposure seam)', async () => {
    const seen: string[] = [];
    const hook: Hook = { after: (ctx, details) => void seen.push(`${ctx.flagKey}=${String(details.value)}`) };
    const p = provider({ hooks: [hook] });
    const late: Hook = { after: (ctx) => void seen.push(`late:${ctx.flagKey}`) };
    p.addHooks(late);
    const c = await client(p);
    await c.getBooleanValue('new-checkout', false, { plan: 'pro' });
    expect([...seen].sort()).toEqual(['late:new-checkout', 'new-checkout=true']);
  });
});

describe('Requirement 2.5.1 / 2.5.2: shutdown', () => {
  it('onClose is idempotent and reverts to uninitialised; the provider can initialise again', async () => {
    const p = provider();
    const c = await client(p);
    expect(await c.getStringValue('button-label', 'x')).toBe('Create instance');
    await p.onClose();
    await p.onClose();
    expect(p.state.started).toBe(false);
    expect(p.evaluate('button-label', 'string', 'x')).toMatchObject({ value: 'x', errorCode: 'PROVIDER_NOT_READY' });
    await p.initialize();
    expect(p.evaluate('button-label', 'string', 'x').value).toBe('Create instance');
  });

  it('onClose stops the file watch and polling: later edits are not applied', async () => {
    const p = provider({ pollIntervalMs: 20 });
    await client(p);
    await p.onClose();
    writeFileSync(file, sampleDocument('on'));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(p.state.stats).toBeUndefined();
  });
});

describe('Requirement 2.7.1: tracking', () => {
  it('forwards client.track to the track seam with the install id as targeting key when opted in', async () => {
    const tracked: unknown[] = [];
    const p = provider({
      track: (name, context, details) => void tracked.push({ name, key: context.targetingKey, details }),
      installIdAsTargetingKey: true,
      installId: 'install-123',
    });
    const c = await client(p);
    c.track('setup_finished', {}, { value: 1 });
    expect(tracked).toEqual([{ name: 'setup_finished', key: 'install-123', details: { value: 1 } }]);
  });

  it('a throwing track handler never reaches the app: the provider catches it and logs a warning', async () => {
    const logger = memoryLogger();
    const p = provider({ logger, track: () => { throw new Error('sink down'); } });
    await client(p);
    // Called on the provider itself: the SDK's client.track swallows provider errors on its own,
    // so going through the client could not show that the provider keeps its promise.
    expect(() => p.track('x', {}, {})).not.toThrow();
    expect(logger.text('warn')).toContain('track handler threw for x: sink down');
  });
});

describe('Requirement 5.3.1: READY exactly once per initialisation', () => {
  it('emits READY once for setProviderAndWait, and not again on configuration changes', async () => {
    const p = provider();
    const name = domain('ready');
    const c = OpenFeature.getClient(name);
    const ready: EventDetails[] = [];
    const changed: EventDetails[] = [];
    c.addHandler(ProviderEvents.Ready, (d) => void ready.push(d!));
    c.addHandler(ProviderEvents.ConfigurationChanged, (d) => void changed.push(d!));
    await OpenFeature.setProviderAndWait(name, p);
    writeFileSync(file, sampleDocument('on'));
    await eventually(() => changed.length === 1);
    await p.whenIdle();
    expect(ready).toHaveLength(1);
    expect(c.providerStatus).toBe(ProviderStatus.READY);
  });
});

describe('Requirement 5.1.1: PROVIDER_CONFIGURATION_CHANGED', () => {
  it('carries the changed flag keys and the new document hash, and is logged', async () => {
    const logger = memoryLogger();
    const p = provider({ logger });
    const name = domain('changed');
    const c = OpenFeature.getClient(name);
    const changed: EventDetails[] = [];
    c.addHandler(ProviderEvents.ConfigurationChanged, (d) => void changed.push(d!));
    await OpenFeature.setProviderAndWait(name, p);
    const before = p.state.hash;
    writeFileSync(file, sampleDocument('on'));
    await eventually(() => changed.length === 1);
    expect(changed[0]!.flagsChanged).toEqual(['new-checkout']);
    expect(changed[0]!.metadata).toMatchObject({ hash: p.state.hash, previousHash: before });
    expect(await c.getBooleanValue('new-checkout', false)).toBe(true);
    expect(p.changeLog.at(-1)).toMatchObject({ changed: ['new-checkout'], added: [], removed: [] });
    expect(logger.text('info')).toMatch(/changed \[new-checkout\]/);
  });
});
