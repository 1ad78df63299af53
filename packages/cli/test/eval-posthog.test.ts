// Issue 8: `rollgate eval --format posthog` takes PostHog definitions with the same contract as flagd.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePosthog, posthogHash } from '@rollgate/core/posthog';
import { main } from '../src/main.js';
import { memoryIo } from './support/memory-io.js';

const fixture = fileURLToPath(new URL('../../core/test/posthog/fixtures/parity-definitions.json', import.meta.url));

describe('rollgate eval --format posthog', () => {
  it('prints the variant PostHog would assign, bucketed by sha1 of "<flag>.<distinct id>variant"', async () => {
    const io = memoryIo();
    const code = await main(['eval', '--format', 'posthog', '--flags', fixture, '--flag', 'fast-provision', '--type', 'string', '--default', '"none"', '--context', '{"targetingKey":"user-1"}'], io);
    expect(code).toBe(0);
    const expected = posthogHash('fast-provision', 'user-1', 'variant') < 0.5 ? 'control' : 'test';
    expect(JSON.parse(io.outLines()[0]!)).toEqual({ flagKey: 'fast-provision', value: expected, variant: expected, reason: 'TARGETING_MATCH', flagMetadata: { posthogFlagId: 2, posthogHasExperiment: true } });
  });

  it('reports a flag local evaluation cannot decide as an error line with the reason, exit 0', async () => {
    const io = memoryIo();
    const code = await main(['eval', '--format', 'posthog', '--flags', fixture, '--flag', 'continuity', '--default', 'false', '--context', '{"targetingKey":"u"}'], io);
    expect(code).toBe(0);
    expect(JSON.parse(io.outLines()[0]!)).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'GENERAL', errorMessage: expect.stringContaining('experience_continuity') });
  });

  it('rejects a malformed PostHog document with exit 2 and the JSON path of each problem', async () => {
    expect(compilePosthog({ flags: 1 }).ok).toBe(false);
    const io = memoryIo({ stdin: '{"flags":[{"key":"x","active":"yes"}]}' });
    const code = await main(['eval', '--format', 'posthog', '--flags', '-', '--flag', 'x'], io);
    expect(code).toBe(2);
    expect(io.err()).toContain('$.flags[0].active');
  });
});
