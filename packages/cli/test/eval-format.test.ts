// `--format`: the same eval/validate contract over PostHog definitions, and only known dialects.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { memoryIo } from './support/memory-io.js';

const posthogExample = fileURLToPath(new URL('../examples/flags.posthog.json', import.meta.url));

describe('rollgate --format', () => {
  it('the example PostHog document: a matching person property turns beta-banner on', async () => {
    const io = memoryIo();
    const code = await main(['eval', '--format', 'posthog', '--flags', posthogExample, '--flag', 'beta-banner', '--context', '{"targetingKey":"u1","email":"Ana@Example.com"}'], io);
    expect(code).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ flagKey: 'beta-banner', value: true, reason: 'TARGETING_MATCH' });
  });

  it('--requests streams against PostHog definitions; multivariate values are variant keys', async () => {
    const io = memoryIo({ stdin: '{"flagKey":"cta-style","context":{"targetingKey":"u1"}}\n{"flagKey":"cta-style","context":{"targetingKey":"u2"}}\n' });
    expect(await main(['eval', '--format', 'posthog', '--flags', posthogExample, '--requests', '-'], io)).toBe(0);
    const results = io.outLines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(results).toHaveLength(2);
    for (const r of results) expect(['button', 'card']).toContain(r['value']);
  });

  it('validate --format posthog lists every problem of an invalid document with its path', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rollgate-ph-')), 'bad.json');
    writeFileSync(path, JSON.stringify({ flags: [{ id: 1, key: 'x', active: 'yes', filters: { groups: [] } }, { key: 7 }] }));
    const io = memoryIo();
    expect(await main(['validate', '--format', 'posthog', path], io)).toBe(2);
    expect(io.err()).toContain('$.flags[0].active (flag "x")');
    expect(io.err()).toContain('$.flags[1].key');
  });

  it('an unknown --format is a usage error naming the choices', async () => {
    const io = memoryIo();
    expect(await main(['validate', '--format', 'launchdarkly', posthogExample], io)).toBe(2);
    expect(io.err()).toContain('--format must be one of flagd, posthog (got "launchdarkly")');
  });
});
