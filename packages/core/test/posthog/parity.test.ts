// Issue 8: PostHog's definitions evaluate exactly as posthog-node's own local evaluation does,
// on 100,000 random distinct ids, with the definitions served to posthog-node over HTTP.
import { readFileSync } from 'node:fs';
import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePosthog, evaluatePosthog } from '@rollgate/core/posthog';
import { evaluate } from '@rollgate/core';
import type { CompiledDocument } from '@rollgate/core';
import { randomInputs, toContext } from './fixtures/random-inputs.mjs';

type PosthogInput = ReturnType<typeof randomInputs>[number];
import { startDefinitionsServer, type DefinitionsServer } from './definitions-server.js';

const definitions = JSON.parse(readFileSync(new URL('./fixtures/parity-definitions.json', import.meta.url), 'utf8'));
const flagKeys: string[] = definitions.flags.map((f: { key: string }) => f.key);
const IDS = Number(process.env.PARITY_IDS ?? 100_000);
// posthog-node evaluates about one flag per 100-200 µs here (async SHA-1 through Web Crypto), so
// the 100,000 ids run over four flags covering rollouts, multivariate with payloads, property
// filters with a variant override, and a group flag; a 5,000-id slice runs over every flag of
// the fixture (dependencies, cohorts, holdouts, dates, semver, regexes, fallbacks).
const CORE_FLAGS = ['rollout-25', 'fast-provision', 'email-targeted', 'org-rollout'];
const ALL_FLAGS_IDS = Math.min(IDS, 5_000);
const BATCH = 10;

let server: DefinitionsServer;
let client: PostHog;
let doc: CompiledDocument;

beforeAll(async () => {
  server = await startDefinitionsServer(definitions);
  client = new PostHog('phc_parity', {
    host: server.url,
    personalApiKey: 'phx_parity',
    featureFlagsPollingInterval: 600_000,
    flushAt: 1_000_000,
    flushInterval: 0,
    fetchRetryCount: 0,
  });
  expect(await client.waitForLocalEvaluationReady(10_000)).toBe(true);
  const compiled = compilePosthog(definitions);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  doc = compiled.value;
});

afterAll(async () => {
  await client?.shutdown(1000);
  await server?.close();
});

interface Tally {
  compared: number;
  byValue: Map<string, number>;
}

async function compareBatch(inputs: PosthogInput[], keys: string[], now: number, tally: Tally): Promise<string[]> {
  const theirs = await Promise.all(
    inputs.map((input) =>
      client.getAllFlagsAndPayloads(input.distinctId, {
        personProperties: input.personProperties as Record<string, string>,
        groups: input.groups,
        groupProperties: input.groupProperties as Record<string, Record<string, string>>,
        onlyEvaluateLocally: true,
        flagKeys: keys,
      }),
    ),
  );
  const mismatches: string[] = [];
  inputs.forEach((input, i) => {
    const expected = theirs[i]!;
    const context = toContext(input);
    for (const key of keys) {
      const ours = evaluatePosthog(doc, key, context, { now });
      const theirValue = expected.featureFlags?.[key];
      const theirPayload = expected.featureFlagPayloads?.[key];
      const ourPayload = ours.payload === null ? undefined : ours.payload;
      tally.compared++;
      const label = `${key}=${ours.unresolved ? `unresolved:${ours.unresolved.reason}` : String(ours.value)}`;
      tally.byValue.set(label, (tally.byValue.get(label) ?? 0) + 1);
      // The OpenFeature path (the engine's evaluate) must say the same: a boolean flag's value, a
      // multivariate flag's variant key, and the caller's default where PostHog says false or
      // cannot decide locally.
      const flag = doc.flags.get(key)!;
      const sentinel = 'caller-default';
      const viaEngine = evaluate(doc, key, flag.type, sentinel as never, context, { now });
      const engineExpected =
        theirValue === undefined || !flag.enabled ? sentinel
        : flag.type === 'boolean' ? (typeof theirValue === 'string' && theirValue.startsWith('holdout-') ? false : theirValue === true)
        : typeof theirValue === 'string' ? theirValue : sentinel;
      if (viaEngine.value !== engineExpected) {
        mismatches.push(`${key} via evaluate() for ${JSON.stringify(input)}: posthog-node ${JSON.stringify(theirValue)}, engine ${JSON.stringify(viaEngine)}`);
      }
      if (ours.value !== theirValue || JSON.stringify(ourPayload) !== JSON.stringify(theirPayload)) {
        mismatches.push(`${key} for ${JSON.stringify(input)}: posthog-node ${JSON.stringify([theirValue, theirPayload])}, rollgate ${JSON.stringify([ours.value, ourPayload])} ${ours.unresolved?.message ?? ''}`);
      }
    }
  });
  return mismatches;
}

describe('Issue 8: identical results to posthog-node local evaluation', () => {
  it('posthog-node fetched the definitions from the 127.0.0.1 server with the secure key', () => {
    const fetches = server.requests.filter((r) => r.path.startsWith('/flags/definitions'));
    expect(fetches.length).toBeGreaterThan(0);
    expect(fetches[0]!.authorization).toBe('Bearer phx_parity');
  });

  it(`gives the same value and payload for ${IDS.toLocaleString('en')} random distinct ids`, async () => {
    const inputs = randomInputs(IDS, 20261121);
    expect(new Set(inputs.map((i: PosthogInput) => i.distinctId)).size).toBe(IDS);
    const tally: Tally = { compared: 0, byValue: new Map() };
    const mismatches: string[] = [];
    for (let start = 0; start < inputs.length && mismatches.length <= 20; start += BATCH) {
      const keys = start < ALL_FLAGS_IDS ? flagKeys : CORE_FLAGS;
      mismatches.push(...(await compareBatch(inputs.slice(start, start + BATCH), keys, Date.now(), tally)));
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(tally.compared).toBe(ALL_FLAGS_IDS * flagKeys.length + (IDS - ALL_FLAGS_IDS) * CORE_FLAGS.length);
    // The ids reach every kind of outcome, so agreement is not agreement on a constant.
    const seen = [...tally.byValue.keys()];
    for (const expected of [
      'rollout-25=true', 'rollout-25=false', 'fast-provision=control', 'fast-provision=test',
      'email-targeted=a', 'email-targeted=b', 'email-targeted=c', 'email-targeted=false',
      'property-mix=true', 'property-mix=false', 'property-mix=unresolved:missing_context',
      'org-rollout=true', 'org-rollout=false', 'needs-fast=true', 'needs-fast=false',
      'cohort-eu=true', 'cohort-eu=false', 'holdout-exp=holdout-42', 'holdout-exp=control', 'holdout-exp=test', 'holdout-exp=false',
      'continuity=unresolved:experience_continuity', 'static-cohort=unresolved:unsupported_definition',
      'mixed-targeting=true', 'mixed-targeting=false', 'device-bucketed=true', 'device-bucketed=false',
      'device-bucketed=unresolved:missing_context', 'inactive=false', 'unsafe-regex=true', 'unsafe-regex=false',
    ]) {
      expect(seen, expected).toContain(expected);
    }
  }, 600_000);
});
