// The install id: stable per machine, shared with telemetry, existing ids kept, ephemeral fallback.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RollgateProvider, getInstallId } from '@rollgate/openfeature-server';
import { resetInstallIdMemo } from '../src/install-id.js';
import { flagsDocument } from './helpers/documents.js';
import { domain, tempDir } from './helpers/temp-dir.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let dir: ReturnType<typeof tempDir>;

beforeEach(() => {
  dir = tempDir();
  resetInstallIdMemo();
});
afterEach(() => dir.cleanup());

describe('Install id', () => {
  it('is created once under $XDG_CONFIG_HOME/<app>/install-id and stable across calls and processes', () => {
    const env = { XDG_CONFIG_HOME: dir.path };
    const first = getInstallId({ appName: 'mycli', env });
    expect(first).toMatchObject({ persisted: true, path: join(dir.path, 'mycli', 'install-id') });
    expect(first.id).toMatch(UUID);
    resetInstallIdMemo();
    expect(getInstallId({ appName: 'mycli', env }).id).toBe(first.id);
    expect(readFileSync(first.path, 'utf8').trim()).toBe(first.id);
  });

  it('falls back to ~/.config/<app> without XDG_CONFIG_HOME', () => {
    const id = getInstallId({ appName: 'mycli', env: { HOME: dir.path } });
    expect(id.path).toBe(join(dir.path, '.config', 'mycli', 'install-id'));
  });

  it('keeps an id an older version (or the app\'s telemetry) already wrote', () => {
    mkdirSync(join(dir.path, 'mycli'));
    writeFileSync(join(dir.path, 'mycli', 'install-id'), 'legacy-telemetry-id-42\n');
    expect(getInstallId({ appName: 'mycli', env: { XDG_CONFIG_HOME: dir.path } }).id).toBe('legacy-telemetry-id-42');
  });

  it('keeps a short existing id too (existing users keep their id)', () => {
    mkdirSync(join(dir.path, 'mycli'));
    writeFileSync(join(dir.path, 'mycli', 'install-id'), 'a1b2c3\n');
    expect(getInstallId({ appName: 'mycli', env: { XDG_CONFIG_HOME: dir.path } }).id).toBe('a1b2c3');
  });

  it.each(['abc 123', 'jürgen-7', 'user:42 (laptop)'])('keeps an existing id with spaces or non-ASCII letters (%s): one line of text is an id', (legacy) => {
    mkdirSync(join(dir.path, 'mycli'));
    writeFileSync(join(dir.path, 'mycli', 'install-id'), `${legacy}\n`);
    expect(getInstallId({ appName: 'mycli', env: { XDG_CONFIG_HOME: dir.path } }).id).toBe(legacy);
    expect(readFileSync(join(dir.path, 'mycli', 'install-id'), 'utf8')).toBe(`${legacy}\n`);
  });

  it.each(['two\nlines', 'bell\u0007', 'x'.repeat(201)])('replaces junk that is no single-line id (%j)', (junk) => {
    mkdirSync(join(dir.path, 'mycli'));
    writeFileSync(join(dir.path, 'mycli', 'install-id'), junk);
    expect(getInstallId({ appName: 'mycli', env: { XDG_CONFIG_HOME: dir.path } }).id).toMatch(UUID);
  });

  it('replaces a file holding junk (e.g. empty after a crash)', () => {
    mkdirSync(join(dir.path, 'mycli'));
    writeFileSync(join(dir.path, 'mycli', 'install-id'), '');
    const id = getInstallId({ appName: 'mycli', env: { XDG_CONFIG_HOME: dir.path } });
    expect(id).toMatchObject({ persisted: true });
    expect(id.id).toMatch(UUID);
  });

  it('on a disk failure returns an ephemeral id, the same one for the rest of the process', () => {
    const blocker = join(dir.path, 'file');
    writeFileSync(blocker, 'x');
    const first = getInstallId({ dir: join(blocker, 'mycli') });
    expect(first.persisted).toBe(false);
    expect(first.problem).toMatch(/could not write/);
    expect(first.id).toMatch(UUID);
    expect(getInstallId({ dir: join(blocker, 'mycli') }).id).toBe(first.id);
  });

  it('processes racing to create it all end with the same id', async () => {
    const run = promisify(execFile);
    const module = fileURLToPath(new URL('./fixtures/print-install-id.mjs', import.meta.url));
    const env = { ...process.env, XDG_CONFIG_HOME: dir.path };
    const outputs = await Promise.all(Array.from({ length: 6 }, () => run(process.execPath, [module], { env })));
    const ids = new Set(outputs.map((o) => o.stdout.trim()));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(UUID);
  });

  it('is the targeting key when a context has none, only when opted in', async () => {
    const file = join(dir.path, 'flags.json');
    writeFileSync(
      file,
      flagsDocument({
        who: { state: 'ENABLED', variants: { a: 'a', b: 'b' }, defaultVariant: 'a', targeting: { if: [{ '==': [{ var: 'targetingKey' }, 'install-7'] }, 'b'] } },
      }),
    );
    for (const [optIn, expected] of [[true, 'b'], [false, 'a']] as const) {
      const p = new RollgateProvider({ source: file, env: {}, installId: 'install-7', installIdAsTargetingKey: optIn });
      const name = domain('install');
      await OpenFeature.setProviderAndWait(name, p);
      const c = OpenFeature.getClient(name);
      expect(await c.getStringValue('who', 'x')).toBe(expected);
      expect(await c.getStringValue('who', 'x', { targetingKey: 'someone-else' })).toBe('a');
      expect(p.distinctId({})).toBe(optIn ? 'install-7' : undefined);
      await p.onClose();
    }
  });
});
