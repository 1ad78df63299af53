#!/usr/bin/env node
// Rollgate's PostHog dialect vs posthog-node's own local evaluation, same flags, same ids, one run.
// posthog-node gets its definitions from a server on 127.0.0.1, as in production.
// Usage: node scripts/bench/posthog-eval.mjs [ids=10000]   (needs `npm run build` first)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { PostHog } from 'posthog-node';
import { evaluate } from '../../packages/core/dist/index.js';
import { compilePosthog, evaluatePosthog, posthogHash } from '../../packages/core/dist/posthog.js';
import { randomInputs, toContext } from '../../packages/core/test/posthog/fixtures/random-inputs.mjs';
import { machineLine, markdownTable, median, perSecond } from './bench-support.mjs';

const IDS = Number(process.argv[2] ?? 10_000);
const definitions = JSON.parse(readFileSync(new URL('../../packages/core/test/posthog/fixtures/parity-definitions.json', import.meta.url), 'utf8'));
// Flags local evaluation can decide (the others fall back to PostHog's server by design).
const KEYS = ['rollout-25', 'fast-provision', 'email-targeted', 'property-mix', 'org-rollout', 'needs-fast', 'cohort-eu', 'holdout-exp', 'mixed-targeting'];

const body = JSON.stringify(definitions);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url.startsWith('/flags/definitions') ? body : '{}');
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const host = `http://127.0.0.1:${server.address().port}`;
const warn = console.warn;
console.warn = () => {}; // posthog-node's load-time warnings about the fixture's server-only flags
const client = new PostHog('phc_bench', { host, personalApiKey: 'phx_bench', featureFlagsPollingInterval: 600_000, flushAt: 1e9, flushInterval: 0 });
await client.waitForLocalEvaluationReady(10_000);

const compiled = compilePosthog(definitions);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
const doc = compiled.value;
const types = new Map(KEYS.map((k) => [k, doc.flags.get(k).type]));
const inputs = randomInputs(IDS, 7);
const contexts = inputs.map(toContext);
const evaluations = IDS * KEYS.length;

async function timePosthogNode() {
  const start = process.hrtime.bigint();
  let on = 0;
  for (const input of inputs) {
    for (const key of KEYS) {
      const v = await client.getFeatureFlag(key, input.distinctId, {
        personProperties: input.personProperties,
        groups: input.groups,
        groupProperties: input.groupProperties,
        onlyEvaluateLocally: true,
        sendFeatureFlagEvents: false,
      });
      if (v) on++;
    }
  }
  return { ns: Number(process.hrtime.bigint() - start), on };
}

function timeRollgateEvaluate() {
  const start = process.hrtime.bigint();
  let on = 0;
  for (const context of contexts) {
    for (const key of KEYS) {
      const type = types.get(key);
      const r = evaluate(doc, key, type, type === 'boolean' ? false : 'off', context);
      if (r.value !== false && r.value !== 'off') on++;
    }
  }
  return { ns: Number(process.hrtime.bigint() - start), on };
}

function timeRollgateNative() {
  const start = process.hrtime.bigint();
  let on = 0;
  for (const context of contexts) for (const key of KEYS) if (evaluatePosthog(doc, key, context).value) on++;
  return { ns: Number(process.hrtime.bigint() - start), on };
}

function timeHashOnly() {
  const start = process.hrtime.bigint();
  let sum = 0;
  for (const context of contexts) for (const key of KEYS) sum += posthogHash(key, context.targetingKey);
  return { ns: Number(process.hrtime.bigint() - start), on: sum > 0 ? 1 : 0 };
}

const runs = { 'posthog-node getFeatureFlag (local only)': [], 'rollgate evaluate (OpenFeature resolution)': [], 'rollgate evaluatePosthog (native value)': [], 'bare PostHog hash (sha1, floor)': [] };
let agreement;
for (let round = 0; round < 3; round++) {
  const a = await timePosthogNode();
  const b = timeRollgateEvaluate();
  const c = timeRollgateNative();
  const d = timeHashOnly();
  runs['posthog-node getFeatureFlag (local only)'].push(a.ns);
  runs['rollgate evaluate (OpenFeature resolution)'].push(b.ns);
  runs['rollgate evaluatePosthog (native value)'].push(c.ns);
  runs['bare PostHog hash (sha1, floor)'].push(d.ns);
  agreement = { posthogNode: a.on, rollgate: c.on };
}
console.warn = warn;

const base = median(runs['posthog-node getFeatureFlag (local only)']);
const rows = Object.entries(runs).map(([name, ns]) => {
  const m = median(ns);
  const perEval = m / evaluations;
  return [name, `${perEval >= 1000 ? (perEval / 1000).toFixed(1) + ' µs' : perEval.toFixed(0) + ' ns'}`, perSecond(1e9 / perEval), `${(base / m).toFixed(1)}x`];
});
console.log(`PostHog dialect: ${KEYS.length} flags x ${IDS.toLocaleString('en')} distinct ids = ${evaluations.toLocaleString('en')} evaluations per run, median of 3 runs`);
console.log(machineLine());
console.log(markdownTable(['evaluator', 'per evaluation', 'evaluations/s', 'vs posthog-node'], rows));
console.log(`enabled answers: posthog-node ${agreement.posthogNode}, rollgate ${agreement.rollgate} (${agreement.posthogNode === agreement.rollgate ? 'identical' : 'DIFFERENT'})`);
await client.shutdown(1000);
server.close();
if (agreement.posthogNode !== agreement.rollgate) process.exitCode = 1;
