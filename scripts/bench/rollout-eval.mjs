#!/usr/bin/env node
// Benchmark: evaluating a `rollout` flag (stage percentage, bucketed by orgId, with an admin rule
// and an allowlist) and a sub-feature that `requires` it, against the same decision written as
// plain flagd targeting (evaluated by Rollgate and by @openfeature/flagd-core) and a bare
// MurmurHash3 of the org (the floor). Runs on the BUILT packages: `npm run build` first.
//
//   node scripts/bench/rollout-eval.mjs          (BENCH_KEYS, BENCH_ROUNDS override)
import { FlagdCore } from '@openfeature/flagd-core';
import { compileFlagdWithRollout, evaluate, murmur3_32 } from '@rollgate/core';
import { exposeGc, fmt, machineLine, markdownTable, median, perSecond, prng } from './bench-support.mjs';

const KEYS = Number(process.env.BENCH_KEYS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const gc = exposeGc();

const bool = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' };
const rolloutDoc = {
  flags: {
    'new-area': { ...bool, rollout: { stage: 'percentage', percentage: 25, bucketBy: 'orgId', allow: { orgId: ['org-00003', 'org-00007'] } } },
    'batch-operations': { ...bool, requires: ['new-area'], rollout: { stage: 'ga' } },
  },
};
// The same rules as plain flagd (fractional buckets differ from the rollout's, the work does not).
const flagdDoc = {
  flags: {
    'new-area': {
      ...bool,
      targeting: {
        if: [
          { or: [{ '==': [{ var: 'isAdmin' }, true] }, { in: [{ var: 'orgId' }, ['org-00003', 'org-00007']] }] },
          'on',
          { fractional: [{ cat: ['new-area/', { var: 'orgId' }] }, ['on', 25], ['off', 75]] },
        ],
      },
    },
  },
};

function buildContexts(count) {
  const random = prng(20261121);
  const contexts = new Array(count);
  for (let i = 0; i < count; i += 1) {
    const org = `org-${String(Math.floor(random() * 50_000)).padStart(5, '0')}`;
    contexts[i] = i % 100 === 0 ? { targetingKey: `user-${i}`, orgId: org, isAdmin: true } : { targetingKey: `user-${i}`, orgId: org };
  }
  return contexts;
}

function rollgate(doc, keys) {
  const compiled = compileFlagdWithRollout(doc);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  const d = compiled.value;
  return (contexts) => {
    let on = 0;
    for (let i = 0; i < contexts.length; i += 1) for (const k of keys) if (evaluate(d, k, 'boolean', false, contexts[i]).value === true) on += 1;
    return on;
  };
}

function flagdCore() {
  const silent = { error() {}, warn() {}, info() {}, debug() {} };
  const core = new FlagdCore(undefined, silent);
  core.setConfigurations(JSON.stringify(flagdDoc));
  return (contexts) => {
    let on = 0;
    for (let i = 0; i < contexts.length; i += 1) if (core.resolveBooleanEvaluation('new-area', false, contexts[i], silent).value === true) on += 1;
    return on;
  };
}

function bareHash() {
  return (contexts) => {
    let on = 0;
    for (let i = 0; i < contexts.length; i += 1) if (murmur3_32(contexts[i].orgId) < 0x40000000) on += 1;
    return on;
  };
}

const contexts = buildContexts(KEYS);
const contestants = [
  { name: 'bare MurmurHash3 of orgId (floor)', evals: 1, run: bareHash() },
  { name: 'Rollgate `rollout` flag', evals: 1, run: rollgate(rolloutDoc, ['new-area']) },
  { name: 'Rollgate sub-feature (`requires` + its parent)', evals: 1, run: rollgate(rolloutDoc, ['batch-operations']) },
  { name: 'Rollgate, same rule as plain flagd targeting', evals: 1, run: rollgate(flagdDoc, ['new-area']) },
  { name: '@openfeature/flagd-core, same plain targeting', evals: 1, run: flagdCore() },
];

const results = [];
for (const c of contestants) {
  c.run(contexts.slice(0, 10_000)); // warm up
  const times = [];
  let answer = 0;
  for (let r = 0; r < ROUNDS; r += 1) {
    gc();
    const start = process.hrtime.bigint();
    answer = c.run(contexts);
    times.push(Number(process.hrtime.bigint() - start) / (KEYS * c.evals));
  }
  results.push({ name: c.name, ns: median(times), on: answer });
}
const floor = results[0].ns;
const flagd = results[results.length - 1].ns;
const rows = results.map((r) => [r.name, fmt(r.ns), perSecond(1e9 / r.ns), `${fmt(r.ns / floor, 2)}x`, `${fmt(flagd / r.ns, 2)}x`, `${fmt((100 * r.on) / KEYS)}%`]);
console.log(`rollout evaluation, ${KEYS.toLocaleString('en')} contexts (50,000 orgs, 1% admins), median of ${ROUNDS} rounds; ${machineLine()}\n`);
console.log(markdownTable(['implementation', 'ns/eval', 'evals/s', 'time vs bare hash', 'speed vs flagd-core', 'share on'], rows));
