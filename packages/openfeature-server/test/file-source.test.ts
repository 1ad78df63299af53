// The file source: reloads on change (fs.watch on the directory, stat polling as a fallback),
// sees atomic renames, keeps the last good document on a bad edit.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenFeature, ProviderEvents, type EventDetails } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSource, RollgateProvider, type RollgateProviderOptions } from '@rollgate/openfeature-server';
import { sampleDocument } from './helpers/documents.js';
import { memoryLogger, type MemoryLogger } from './helpers/memory-logger.js';
import { domain, eventually, tempDir } from './helpers/temp-dir.js';

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

async function register(options: Partial<RollgateProviderOptions> = {}) {
  const p = new RollgateProvider({ source: file, env: {}, logger, debounceMs: 10, ...options });
  providers.push(p);
  const name = domain('file');
  const c = OpenFeature.getClient(name);
  const changes: EventDetails[] = [];
  c.addHandler(ProviderEvents.ConfigurationChanged, (d) => void changes.push(d!));
  await OpenFeature.setProviderAndWait(name, p);
  return { p, c, changes };
}

describe('File source', () => {
  it('an in-place edit is applied (watch)', async () => {
    const { c, changes } = await register();
    writeFileSync(file, sampleDocument('on'));
    await eventually(() => changes.length > 0);
    expect(await c.getBooleanValue('new-checkout', false)).toBe(true);
  });

  it('an atomic replace (write temp + rename) is seen', async () => {
    const { c, changes } = await register();
    const tmp = join(dir.path, '.flags.json.tmp');
    writeFileSync(tmp, sampleDocument('on'));
    renameSync(tmp, file);
    await eventually(() => changes.length > 0);
    expect(await c.getBooleanValue('new-checkout', false)).toBe(true);
    // A second replace still works: the watch is on the directory, not the replaced inode.
    writeFileSync(tmp, sampleDocument('off'));
    renameSync(tmp, file);
    await eventually(() => changes.length > 1);
    expect(await c.getBooleanValue('new-checkout', true)).toBe(false);
  });

  it('the stat poll alone picks up a change (fs.watch unavailable)', async () => {
    const source = new FileSource({ path: file, pollIntervalMs: 20 });
    (source as { watch?: unknown }).watch = undefined;
    const { c, changes } = await register({ source });
    writeFileSync(file, sampleDocument('on'));
    await eventually(() => changes.length > 0);
    expect(await c.getBooleanValue('new-checkout', false)).toBe(true);
  });

  it('a bad edit keeps the last good document serving; fixing it applies the fix', async () => {
    const { p, c, changes } = await register();
    writeFileSync(file, '{"flags": {"new-checkout": {"state": "ENABLED"');
    await eventually(() => (p.state.stats?.rejected ?? 0) > 0);
    expect(await c.getBooleanDetails('new-checkout', true)).toMatchObject({ value: false, reason: 'DEFAULT' });
    expect(logger.text('warn')).toContain(`definitions from file:${file} rejected`);
    writeFileSync(file, sampleDocument('on'));
    await eventually(() => changes.length > 0);
    expect(await c.getBooleanValue('new-checkout', false)).toBe(true);
  });

  it('a deleted file keeps the last good document serving', async () => {
    const { p, c } = await register({ pollIntervalMs: 20 });
    rmSync(file);
    await eventually(() => (p.state.stats?.failures ?? 0) > 0);
    expect(p.state.stats?.lastFailure).toMatch(/ENOENT/);
    expect(await c.getStringValue('button-label', 'x')).toBe('Create instance');
  });

  it('a missing file at start: defaults served, the file is picked up when it appears', async () => {
    rmSync(file);
    const { c, changes } = await register({ pollIntervalMs: 20, backoff: { initialMs: 10, maxMs: 20 } });
    expect(await c.getBooleanDetails('new-checkout', true)).toMatchObject({ value: true, errorCode: 'GENERAL' });
    writeFileSync(file, sampleDocument('on'));
    await eventually(() => changes.length > 0);
    expect(await c.getBooleanValue('new-checkout', false)).toBe(true);
  });
});

describe('Change records', () => {
  it('an applied change names flags added, removed and changed, with both hashes', async () => {
    const { p, changes } = await register();
    const before = p.state.hash;
    const next = JSON.parse(sampleDocument('on'));
    delete next.flags.theme;
    next.flags['brand-new'] = { state: 'ENABLED', variants: { a: 1 }, defaultVariant: 'a' };
    writeFileSync(file, JSON.stringify(next));
    await eventually(() => changes.length > 0);
    expect([...changes[0]!.flagsChanged!].sort()).toEqual(['brand-new', 'new-checkout', 'theme']);
    expect(p.changeLog.at(-1)).toMatchObject({
      added: ['brand-new'],
      removed: ['theme'],
      changed: ['new-checkout'],
      previousHash: before,
      hash: p.state.hash,
      sourceId: `file:${file}`,
    });
  });

  it('rewriting the same content (new mtime) applies nothing and emits nothing', async () => {
    const { p, changes } = await register({ pollIntervalMs: 20 });
    writeFileSync(file, sampleDocument('off'));
    await eventually(() => (p.state.stats?.notModified ?? 0) > 0);
    await p.whenIdle();
    expect(changes).toHaveLength(0);
    expect(p.state.stats?.applied).toBe(1);
  });
});
