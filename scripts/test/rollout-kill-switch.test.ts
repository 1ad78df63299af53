// End to end, situation 4: a running service (real OpenFeature server SDK + RollgateProvider on a
// file) picks up `rollgate flags kill` / `unkill` without a restart, and sub-features follow.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenFeature, ProviderEvents, type EventDetails } from '@openfeature/server-sdk';
import { RollgateProvider } from '@rollgate/openfeature-server';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../packages/cli/src/main.js';
import { memoryIo } from '../../packages/cli/test/support/memory-io.js';

const example = fileURLToPath(new URL('../../packages/cli/examples/rollout.flagd.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rollgate-kill-e2e-'));
const file = join(dir, 'rollout.flagd.json');
copyFileSync(example, file);
const provider = new RollgateProvider({ source: file, env: {}, debounceMs: 10 });

afterAll(async () => {
  await provider.onClose();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves once `condition` holds; the test's own timeout bounds the wait (no timing assertion). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function flags(...argv: string[]): Promise<number> {
  return main(['flags', ...argv, '--flags', file, '--flag', 'new-area'], memoryIo({ cwd: dir, env: { ROLLGATE_ACTOR: 'oncall' } }));
}

describe('situation 4: stages, kill switch and sub-features reach a running service without a restart', () => {
  it('set-stage ga, kill, unkill: each edit is served on the next refresh, children follow the parent', async () => {
    await OpenFeature.setProviderAndWait('rollout-e2e', provider);
    const client = OpenFeature.getClient('rollout-e2e');
    const changes: EventDetails[] = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (d) => void changes.push(d!));
    const member = { targetingKey: 'user-0001', orgId: 'org-001' };
    const admin = { targetingKey: 'user-0000', orgId: 'org-000', isAdmin: true };

    expect(await client.getBooleanValue('new-area', true, member)).toBe(false);
    expect(await client.getBooleanValue('new-area', false, admin)).toBe(true);

    expect(await flags('set-stage', 'ga', '--reason', 'GA')).toBe(0);
    await until(() => changes.length >= 1);
    expect(await client.getBooleanValue('new-area', false, member)).toBe(true);
    expect(await client.getBooleanValue('batch-operations', false, member)).toBe(true);
    expect(changes[0]!.flagsChanged).toEqual(expect.arrayContaining(['new-area', 'batch-operations', 'merge-strategy']));

    expect(await flags('kill', '--reason', 'incident')).toBe(0);
    await until(() => changes.length >= 2);
    expect(await client.getBooleanValue('new-area', true, member)).toBe(false);
    expect(await client.getBooleanValue('new-area', false, admin)).toBe(true);
    const child = await client.getBooleanDetails('batch-operations', true, member);
    expect(child).toMatchObject({ value: false, variant: 'off', reason: 'TARGETING_MATCH' });
    expect(child.flagMetadata['requires']).toBe('new-area');

    expect(await flags('unkill', '--reason', 'fixed')).toBe(0);
    await until(() => changes.length >= 3);
    expect(await client.getBooleanValue('batch-operations', false, member)).toBe(true);
  });
});
