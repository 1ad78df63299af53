#!/usr/bin/env node
// Rollgate's PostHog dialect vs posthog-node's own local evaluation, same flags, same ids.
// posthog-node gets its definitions from a server on 127.0.0.1, as in production.
// Usage: node scripts/bench/posthog-eval.mjs [ids=10000] [--processes 5]   (needs `npm run build` first)
//
// Each measurement runs in its own process, several times (default 5), and the figures are the
// medians over processes: on this machine one process's figures sit in one of two modes that
// differ by up to 1.6x for the same code (no deoptimization involved; the fixture's contexts come
// in hundreds of shapes, so property reads are megamorphic and their cost depends on where V8
// happened to place things), so a single process can land in either. The per-process ratios are
// printed too (min-max).
//
// Fairness: both SDKs get the same definitions, the same ids and contexts, in the same order (all
// flags for one id, then the next id), a warm-up, and 3 interleaved rounds (posthog-node, then
// each Rollgate evaluator, under the same machine load); medians are reported. A Rollgate round
// repeats the ids until it has run for at least 300 ms, so its time is not a few clock ticks.
// Both wall time and process CPU time are reported, with the load average before and after.
// Every timed segment starts after a full GC, so no evaluator pays for collecting the garbage the
// previous one left (posthog-node allocates promises per call; its own GC work during its run
// still counts for it), and then one untimed pass: a forced GC (`gc()`) runs in V8's
// memory-reducing mode, which drops the maps of short-lived objects that ordinary major GCs keep
// (V8 retains recently used maps), and every optimized function that checked them is thrown away
// ("weak objects" in --trace-deopt). Without the pass, a segment would time V8 recompiling both
// SDKs, a cost a running server never pays (its GCs are not forced: checked with --trace-gc and
// --trace-deopt, natural mark-compacts deoptimize nothing here).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createServer } from 'node:http';
import { PostHog } from 'posthog-node';
import { evaluate } from '../../packages/core/dist/index.js';
import { compilePosthog, evaluatePosthog, posthogHash } from '../../packages/core/dist/posthog.js';
import { randomInputs, toContext } from '../../packages/core/test/posthog/fixtures/random-inputs.mjs';
import { exposeGc, machineLine, markdownTable, median, perSecond } from './bench-support.mjs';

const args = process.argv.slice(2);
const flagAt = (name) => args.indexOf(name);
const PROCESSES = flagAt('--processes') >= 0 ? Number(args[flagAt('--processes') + 1]) : 5;
const CHILD = flagAt('--child') >= 0;
const IDS = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--processes') ?? 10_000);
if (!CHILD) {
  await parent();
  process.exit(process.exitCode ?? 0);
}
const definitions = JSON.parse(readFileSync(new URL('../../packages/core/test/posthog/fixtures/parity-definitions.json', import.meta.url), 'utf8'));
// Two sets of the fixture's flags: the experiment of BRIEF situation 1 (a boolean rollout and a
// 50/50 multivariate), and every flag local evaluation can decide (property filters, a group flag,
// dependencies, cohorts, a holdout, mixed targeting; the others fall back to PostHog's server).
const SETS = {
  experiment: ['rollout-25', 'fast-provision'],
  'every decidable flag': ['rollout-25', 'fast-provision', 'email-targeted', 'property-mix', 'org-rollout', 'needs-fast', 'cohort-eu', 'holdout-exp', 'mixed-targeting'],
};
let KEYS = SETS.experiment;

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
const types = new Map([...doc.flags.values()].map((f) => [f.key, f.type]));
let inputs = randomInputs(IDS, 7);
const contexts = inputs.map(toContext);
let evaluations = IDS * KEYS.length;

// Wall time and process CPU time (all threads: posthog-node hashes on libuv's pool). On a shared
// machine CPU time is the steadier figure; both are reported.
const cpuNs = (u) => (u.user + u.system) * 1000;

const gc = exposeGc();

/** One call per flag for the first 1,000 ids: the untimed pass after a forced GC (see the top). */
async function rewarmPosthogNode() {
  for (const input of inputs.slice(0, 1000)) {
    for (const key of KEYS) {
      await client.getFeatureFlag(key, input.distinctId, {
        personProperties: input.personProperties,
        groups: input.groups,
        groupProperties: input.groupProperties,
        onlyEvaluateLocally: true,
        sendFeatureFlagEvents: false,
      });
    }
  }
}

async function timePosthogNode() {
  gc();
  await rewarmPosthogNode();
  const cpu = process.cpuUsage();
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
  return { ns: Number(process.hrtime.bigint() - start), cpu: cpuNs(process.cpuUsage(cpu)), on };
}

/** Runs `pass` (one pass over every id and flag) until 300 ms have passed, after a GC and one untimed pass; times per pass. */
function repeated(pass) {
  gc();
  pass();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let passes = 0;
  let on = 0;
  do {
    const n = pass();
    if (passes === 0) on = n;
    passes++;
  } while (Number(process.hrtime.bigint() - start) < 300e6);
  return { ns: Number(process.hrtime.bigint() - start) / passes, cpu: cpuNs(process.cpuUsage(cpu)) / passes, on };
}

// A caller knows each flag's type and default at its call site: looked up once per set, not per call.
const calls = () => KEYS.map((key) => ({ key, type: types.get(key), fallback: types.get(key) === 'boolean' ? false : 'off' }));

function evaluatePass() {
  let on = 0;
  const sites = calls();
  for (const context of contexts) {
    for (const { key, type, fallback } of sites) {
      const r = evaluate(doc, key, type, fallback, context);
      if (r.value !== false && r.value !== 'off') on++;
    }
  }
  return on;
}

function nativePass() {
  let on = 0;
  for (const context of contexts) for (const key of KEYS) if (evaluatePosthog(doc, key, context).value) on++;
  return on;
}

function hashPass() {
  let sum = 0;
  for (const context of contexts) for (const key of KEYS) sum += posthogHash(key, context.targetingKey);
  return sum > 0 ? 0 : 1;
}

const timeRollgateEvaluate = () => repeated(evaluatePass);
const timeRollgateNative = () => repeated(nativePass);
const timeHashOnly = () => repeated(hashPass);

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(', ');
const out = { loadStart: load(), sets: {} };
let disagreements = 0;
// Warm-up (untimed): the JIT compiles both SDKs' paths before the first measured round.
KEYS = SETS['every decidable flag'];
evaluatePass();
nativePass();
hashPass();
{
  const all = inputs;
  inputs = all.slice(0, 1000);
  await timePosthogNode();
  inputs = all;
}
for (const [setName, keys] of Object.entries(SETS)) {
  KEYS = keys;
  evaluations = IDS * KEYS.length;
  const names = ['posthog-node getFeatureFlag (local only)', 'rollgate evaluate (OpenFeature resolution)', 'rollgate evaluatePosthog (native value)', 'bare PostHog hash (sha1, floor)'];
  const runs = Object.fromEntries(names.map((n) => [n, { wall: [], cpu: [] }]));
  let agreement;
  for (let round = 0; round < 3; round++) {
    const results = [await timePosthogNode(), timeRollgateEvaluate(), timeRollgateNative(), timeHashOnly()];
    results.forEach((r, i) => {
      runs[names[i]].wall.push(r.ns);
      runs[names[i]].cpu.push(r.cpu);
    });
    agreement = { posthogNode: results[0].on, rollgate: results[2].on };
  }

  out.sets[setName] = {
    evaluations,
    flags: KEYS.length,
    // Per evaluator: this process's medians over its rounds, in ns per evaluation.
    evaluators: Object.fromEntries(names.map((name) => [name, { wall: median(runs[name].wall) / evaluations, cpu: median(runs[name].cpu) / evaluations }])),
    agreement,
  };
  if (agreement.posthogNode !== agreement.rollgate) disagreements++;
}
out.loadEnd = load();
out.disagreements = disagreements;
console.log(JSON.stringify(out));
console.warn = warn;
await client.shutdown(1000);
server.close();
if (disagreements > 0) process.exitCode = 1;

/** Runs PROCESSES children one after another and prints medians over them. */
async function parent() {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  console.log(`PostHog dialect vs posthog-node local evaluation (same definitions served over 127.0.0.1, same ids)`);
  console.log(machineLine());
  console.log(`${IDS.toLocaleString('en')} distinct ids; ${PROCESSES} processes, each: warm-up, then 3 interleaved rounds per flag set (medians); below: medians over the processes`);
  const results = [];
  for (let p = 0; p < PROCESSES; p++) {
    const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), String(IDS), '--child'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (child.status !== 0) throw new Error(`benchmark process ${p + 1} failed (exit ${child.status})`);
    const r = JSON.parse(child.stdout.trim().split('\n').pop());
    results.push(r);
    process.stderr.write(`process ${p + 1}/${PROCESSES} done (load ${r.loadStart} -> ${r.loadEnd})\n`);
  }
  const per = (ns) => (ns >= 1000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`);
  const range = (xs) => `${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}x`;
  for (const setName of Object.keys(results[0].sets)) {
    const first = results[0].sets[setName];
    const names = Object.keys(first.evaluators);
    const base = names[0];
    const rows = names.map((name) => {
      const wall = results.map((r) => r.sets[setName].evaluators[name].wall);
      const cpu = results.map((r) => r.sets[setName].evaluators[name].cpu);
      const wallRatios = results.map((r) => r.sets[setName].evaluators[base].wall / r.sets[setName].evaluators[name].wall);
      const cpuRatios = results.map((r) => r.sets[setName].evaluators[base].cpu / r.sets[setName].evaluators[name].cpu);
      return [name, per(median(wall)), perSecond(1e9 / median(wall)), `${median(wallRatios).toFixed(1)}x`, range(wallRatios), per(median(cpu)), `${median(cpuRatios).toFixed(1)}x`, range(cpuRatios)];
    });
    console.log(`\n${setName}: ${first.flags} flags x ${IDS.toLocaleString('en')} distinct ids = ${first.evaluations.toLocaleString('en')} evaluations per round`);
    console.log(markdownTable(['evaluator', 'wall per evaluation', 'evaluations/s (wall)', 'vs posthog-node (wall)', 'per process (wall)', 'CPU per evaluation', 'vs posthog-node (CPU)', 'per process (CPU)'], rows));
    const agreements = results.map((r) => r.sets[setName].agreement);
    const same = agreements.every((a) => a.posthogNode === a.rollgate);
    console.log(`enabled answers: posthog-node ${agreements[0].posthogNode}, rollgate ${agreements[0].rollgate} (${same ? 'identical in every process' : 'DIFFERENT'})`);
  }
  console.log(`\nload average (1, 5, 15 min) per process, start -> end: ${results.map((r) => `${r.loadStart} -> ${r.loadEnd}`).join('; ')}`);
  if (results.some((r) => r.disagreements > 0)) process.exitCode = 1;
}
