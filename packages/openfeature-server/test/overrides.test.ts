// The user wins: overrides beat definitions, reported as such, precedence options > env > file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RollgateProvider, type RollgateProviderOptions } from '@rollgate/openfeature-server';
import { sampleDocument } from './helpers/documents.js';
import { memoryLogger, type MemoryLogger } from './helpers/memory-logger.js';
import { deadPort } from './helpers/flag-server.js';
import { domain, tempDir } from './helpers/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
let file: string;
let logger: MemoryLogger;
const providers: RollgateProvider[] = [];

beforeEach(() => {
  dir = tempDir();
  file = join(dir.path, 'flags.json');
  writeFileSync(file, sampleDocument('off'));
  logger = memoryLogger();
});

afterEach(async () => {
  for (const p of providers.splice(0)) await p.onClose();
  dir.cleanup();
});

async function client(options: Partial<RollgateProviderOptions>) {
  const p = new RollgateProvider({ source: file, env: {}, logger, ...options });
  providers.push(p);
  const name = domain('overrides');
  await OpenFeature.setProviderAndWait(name, p);
  return OpenFeature.getClient(name);
}

describe('Overrides beat definitions', () => {
  it('a programmatic override wins over targeting, reported as STATIC with rollgate.override metadata', async () => {
    const c = await client({ overrides: { 'new-checkout': false } });
    const details = await c.getBooleanDetails('new-checkout', true, { plan: 'pro' });
    expect(details).toMatchObject({
      value: false,
      variant: 'override',
      reason: 'STATIC',
      flagMetadata: { 'rollgate.override': true, 'rollgate.overrideSource': 'options' },
    });
  });

  it('an override whose value is undefined (a command-line option not given) is no override', async () => {
    const c = await client({ overrides: { 'new-checkout': undefined } });
    expect(await c.getBooleanDetails('new-checkout', true)).toMatchObject({ value: false, variant: 'off' });
    expect(await c.getObjectDetails('new-checkout', { d: 1 })).toMatchObject({ value: { d: 1 }, errorCode: 'TYPE_MISMATCH' });
  });

  it('precedence: options > ROLLGATE_OVERRIDES > overrides file; other flags still come from definitions', async () => {
    const overridesFile = join(dir.path, 'overrides.json');
    writeFileSync(overridesFile, JSON.stringify({ 'button-label': 'from file', 'max-retries': 4, theme: { bg: 'file' } }));
    const c = await client({
      overridesFile,
      env: { ROLLGATE_OVERRIDES: JSON.stringify({ 'button-label': 'from env', 'max-retries': 5 }) },
      overrides: { 'button-label': 'from options' },
    });
    const label = await c.getStringDetails('button-label', 'x');
    expect(label.value).toBe('from options');
    expect(label.flagMetadata['rollgate.overrideSource']).toBe('options');
    const retries = await c.getNumberDetails('max-retries', 0);
    expect([retries.value, retries.flagMetadata['rollgate.overrideSource']]).toEqual([5, 'env']);
    const theme = await c.getObjectDetails('theme', {});
    expect([theme.value, theme.flagMetadata['rollgate.overrideSource']]).toEqual([{ bg: 'file' }, 'file']);
    expect(await c.getBooleanDetails('new-checkout', true)).toMatchObject({ value: false, reason: 'DEFAULT' });
  });

  it('overrides apply even when the source is down and nothing is cached', async () => {
    const port = await deadPort();
    const c = await client({ source: `http://127.0.0.1:${port}/f.json`, cache: false, overrides: { 'new-checkout': true } });
    expect(await c.getBooleanValue('new-checkout', false)).toBe(true);
  });

  it('an override of the wrong type is TYPE_MISMATCH, not a silently wrong value', async () => {
    const c = await client({ overrides: { 'new-checkout': 'yes' } });
    expect(await c.getBooleanDetails('new-checkout', true)).toMatchObject({ value: true, errorCode: 'TYPE_MISMATCH' });
  });

  it('malformed ROLLGATE_OVERRIDES or overrides file: a warning naming it, ignored, never a crash', async () => {
    const c = await client({
      env: { ROLLGATE_OVERRIDES: '{"new-checkout": tru' },
      overridesFile: join(dir.path, 'missing.json'),
    });
    expect(await c.getBooleanDetails('new-checkout', true)).toMatchObject({ value: false, reason: 'DEFAULT' });
    expect(logger.text('warn')).toMatch(/environment variable ROLLGATE_OVERRIDES is not valid JSON/);
    expect(logger.text('warn')).toMatch(/overrides file .*missing\.json/);
  });

  it('ROLLGATE_OVERRIDES must be an object', async () => {
    await client({ env: { ROLLGATE_OVERRIDES: '[1,2]' } });
    expect(logger.text('warn')).toMatch(/must be a JSON object mapping flag keys to values/);
  });
});
