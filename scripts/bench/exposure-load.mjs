#!/usr/bin/env node
// Benchmark: the exposure hook under load with the capture server DOWN (a closed port on
// 127.0.0.1, so every batch fails, is retried and finally dropped or counted).
//  (a) through an OpenFeature client, evaluations back to back (the highest rate the SDK
//      sustains here), for BENCH_SECONDS: latency p50/p99 with no hook, with an empty `finally`
//      hook (what any hook costs in the SDK), and with the exposure hook in its worst case (units
//      at random among 200,000: nearly every evaluation a new exposure) and in the steady state
//      (1,000 units coming back); rounds interleaved, ratios also paired per round.
//  (b) the hook's `finally` driven directly at a target of BENCH_RATE calls/s for BENCH_SECONDS
//      (paced in 10 ms slices), against an empty function called the same way: RSS and live heap
//      (after a full GC, once a second) sampled, to show memory stays bounded.
// Both check the accounting: produced = delivered + deduplicated + dropped + failed + lost.
// Runs on the BUILT packages:  npm run build && node scripts/bench/exposure-load.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as turn } from 'node:timers/promises';
import { OpenFeature } from '@openfeature/server-sdk';
import { ExposureRecorder, RollgateProvider, accountingHolds } from '@rollgate/openfeature-server';
import { exposeGc, fmt, machineLine, markdownTable, median, mib, perSecond, prng } from './bench-support.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 1_000_000);
const UNITS = 200_000;
const gc = exposeGc();

/** A loopback port nobody listens on: connections are refused at once (capture "down"). */
async function downHost() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const dir = mkdtempSync(join(tmpdir(), 'rollgate-exposure-bench-'));
const file = join(dir, 'flags.json');
writeFileSync(
  file,
  JSON.stringify({
    flags: {
      cta: {
        state: 'ENABLED',
        variants: { button: 'button', card: 'card' },
        defaultVariant: 'button',
        targeting: { fractional: [{ var: 'targetingKey' }, ['button', 50], ['card', 50]] },
        metadata: { version: 3 },
      },
      'fast-path': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting: { fractional: [{ var: 'targetingKey' }, ['on', 25], ['off', 75]] } },
    },
  }),
);
const host = await downHost();
const quiet = { error() {}, warn() {}, info() {}, debug() {} };
const random = prng(7);
const contexts = Array.from({ length: UNITS }, (_, i) => ({ targetingKey: `unit-${i}` }));
const pick = () => contexts[Math.floor(random() * UNITS)];
// The common case: the same 1,000 units come back, so nearly every evaluation is a repeat.
const STEADY_UNITS = 1000;
const pickSteady = () => contexts[Math.floor(random() * STEADY_UNITS)];

// ---------------------------------------------------------------- (a) through a client
const withExposure = new RollgateProvider({ source: file, env: {}, logger: quiet, exposure: { sink: { kind: 'posthog', apiKey: 'phc_bench', host }, closeTimeoutMs: 1000 } });
const without = new RollgateProvider({ source: file, env: {}, logger: quiet });
const emptyHook = new RollgateProvider({ source: file, env: {}, logger: quiet, hooks: [{ finally() {} }] });
const withExposureSteady = new RollgateProvider({ source: file, env: {}, logger: quiet, exposure: { sink: { kind: 'posthog', apiKey: 'phc_bench', host }, closeTimeoutMs: 1000 } });
await OpenFeature.setProviderAndWait('on', withExposure);
await OpenFeature.setProviderAndWait('on-steady', withExposureSteady);
await OpenFeature.setProviderAndWait('off', without);
await OpenFeature.setProviderAndWait('empty-hook', emptyHook);
const configs = [
  { name: 'no hook', client: OpenFeature.getClient('off'), samples: [], pick },
  { name: 'empty finally hook', client: OpenFeature.getClient('empty-hook'), samples: [], pick },
  { name: `exposure hook, worst case: ${UNITS} units, nearly every evaluation new (capture down)`, client: OpenFeature.getClient('on'), samples: [], pick },
  { name: `exposure hook, steady: ${STEADY_UNITS} units, repeats deduplicated (capture down)`, client: OpenFeature.getClient('on-steady'), samples: [], pick: pickSteady },
];

async function round(config, ms) {
  const end = performance.now() + ms;
  const { client, samples, pick } = config;
  let n = 0;
  while (performance.now() < end) {
    const context = pick();
    const t0 = performance.now();
    await client.getStringValue('cta', 'none', context);
    await client.getBooleanValue('fast-path', false, context);
    samples.push((performance.now() - t0) / 2);
    n += 2;
  }
  return n;
}

// Warm-up, then interleaved rounds so the machine's noise lands on every configuration alike.
for (const c of configs) await round(c, 300);
for (const c of configs) c.samples.length = 0;
const roundMs = 500;
const rounds = Math.max(1, Math.round((SECONDS * 1000) / roundMs / configs.length));
const counts = new Map(configs.map((c) => [c, 0]));
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
// Paired per-round ratios: each round's p50/p99 against the no-hook round just before it, so a
// burst of load from other jobs lands on both sides of a ratio; the median over rounds is shown.
for (const c of configs) c.roundP50 = [], c.roundP99 = [];
for (let r = 0; r < rounds; r += 1) {
  for (const c of configs) {
    const from = c.samples.length;
    counts.set(c, counts.get(c) + (await round(c, roundMs)));
    const sorted = Float64Array.from(c.samples.slice(from)).sort();
    c.roundP50.push(quantile(sorted, 0.5));
    c.roundP99.push(quantile(sorted, 0.99));
  }
}
const base = configs[0];
for (const c of configs) {
  c.pairedP50 = median(c.roundP50.map((v, r) => v / base.roundP50[r]));
  c.pairedP99 = median(c.roundP99.map((v, r) => v / base.roundP99[r]));
}
const rowsA = configs.map((c) => {
  const sorted = Float64Array.from(c.samples).sort();
  c.p50 = quantile(sorted, 0.5) * 1000;
  c.p99 = quantile(sorted, 0.99) * 1000;
  c.rate = counts.get(c) / ((rounds * roundMs) / 1000);
  return c;
});
const statsA = withExposure.exposure.stats;
const closeA = await withExposure.exposure.close();
const finalA = withExposure.exposure.stats;
const statsSteady = withExposureSteady.exposure.stats;
const closeSteady = await withExposureSteady.exposure.close();
const finalSteady = withExposureSteady.exposure.stats;

console.log(`Machine: ${machineLine()}`);
console.log(`\n(a) OpenFeature client, evaluations back to back, ${rounds * roundMs * configs.length / 1000} s in ${roundMs} ms rounds; capture server down (${host})\n`);
console.log(
  markdownTable(
    ['configuration', 'evals/s', 'p50 µs', 'p99 µs', 'p50 vs no hook', 'p99 vs no hook', 'paired p50 ratio (median of rounds)', 'paired p99 ratio'],
    rowsA.map((c) => [
      c.name,
      perSecond(c.rate),
      fmt(c.p50, 2),
      fmt(c.p99, 2),
      `${fmt(c.p50 / base.p50, 2)}x`,
      `${fmt(c.p99 / base.p99, 2)}x`,
      `${fmt(c.pairedP50, 2)}x`,
      `${fmt(c.pairedP99, 2)}x`,
    ]),
  ),
);
console.log(`\nexposure accounting at the end of the run: ${accountingLine(statsA)}`);
console.log(`after close (${closeA.timedOut ? 'timed out' : 'drained'}): ${accountingLine(finalA)} -> ${accountingHolds(finalA) && finalA.pending === 0 ? 'EXACT' : 'MISMATCH'}`);
console.log(`steady, end of the run: ${accountingLine(statsSteady)}`);
console.log(`steady, after close (${closeSteady.timedOut ? 'timed out' : 'drained'}): ${accountingLine(finalSteady)} -> ${accountingHolds(finalSteady) && finalSteady.pending === 0 ? 'EXACT' : 'MISMATCH'}`);
await OpenFeature.close();

// ---------------------------------------------------------------- (b) the hook directly
function hookDriver(finallyFn, units) {
  const flags = [
    { flagKey: 'cta', value: 'button', variant: 'button', reason: 'SPLIT', flagMetadata: { version: 3 } },
    { flagKey: 'cta', value: 'card', variant: 'card', reason: 'SPLIT', flagMetadata: { version: 3 } },
    { flagKey: 'fast-path', value: true, variant: 'on', reason: 'SPLIT', flagMetadata: {} },
    { flagKey: 'fast-path', value: false, variant: 'off', reason: 'SPLIT', flagMetadata: {} },
  ];
  const hookContexts = contexts.slice(0, units).map((context) => ({ context }));
  let i = 0;
  return () => {
    i = (i + 7919) % units; // a prime stride: visits every unit in turn, in scattered order
    finallyFn(hookContexts[i], flags[i & 3], undefined);
  };
}

async function paced(call, seconds, rate) {
  const sliceMs = 10;
  const perSlice = Math.max(1, Math.round((rate * sliceMs) / 1000));
  const started = performance.now();
  const end = started + seconds * 1000;
  const memory = [];
  let nextSample = started;
  let calls = 0;
  let nextSlice = started;
  while (performance.now() < end) {
    for (let k = 0; k < perSlice; k += 1) call();
    calls += perSlice;
    nextSlice += sliceMs;
    const now = performance.now();
    if (now >= nextSample) {
      // Live heap: after a full GC, so garbage not yet collected does not read as growth.
      gc();
      const m = process.memoryUsage();
      memory.push({ t: (now - started) / 1000, rss: m.rss, heap: m.heapUsed });
      nextSample += 1000;
    }
    // Behind schedule: just yield (timers and the drain run); ahead: wait for the slice.
    if (nextSlice > now) await new Promise((resolve) => setTimeout(resolve, nextSlice - now));
    else await turn();
  }
  return { calls, seconds: (performance.now() - started) / 1000, memory };
}

let emptyCalls = 0;
const floor = await paced(hookDriver(() => { emptyCalls += 1; }, UNITS), Math.min(SECONDS, 3), RATE);
const floorRate = floor.calls / floor.seconds;
const scenarios = [
  { name: `worst case: ${UNITS} units, every call a new exposure`, units: UNITS },
  { name: 'steady state: 1000 active units, repeats deduplicated', units: 1000 },
];
const rowsB = [['empty function (loop floor)', String(floor.calls), perSecond(floorRate), `${fmt(floorRate / RATE, 2)}x`, '1.00x']];
const reports = [];
for (const scenario of scenarios) {
  gc();
  const recorder = new ExposureRecorder({ sink: { kind: 'posthog', apiKey: 'phc_bench', host }, closeTimeoutMs: 1000 }, { fallbackDistinctId: () => 'install', logger: quiet });
  const hook = recorder.hook;
  const driven = await paced(hookDriver((c, d, h) => hook.finally(c, d, h), scenario.units), SECONDS, RATE);
  const during = recorder.stats;
  const closed = await recorder.close();
  const final = recorder.stats;
  const rate = driven.calls / driven.seconds;
  rowsB.push([scenario.name, String(driven.calls), perSecond(rate), `${fmt(rate / RATE, 2)}x`, `${fmt(rate / floorRate, 2)}x`]);
  reports.push({ scenario, driven, during, closed, final, rate });
}

console.log(`\n(b) hook.finally driven directly, target ${perSecond(RATE)} calls/s for ${SECONDS} s each (10 ms slices), 2 flags x 2 variants, capture down\n`);
console.log(markdownTable(['driver', 'calls', 'achieved calls/s', 'vs target', 'vs empty function'], rowsB));
let exact = accountingHolds(finalA) && finalA.pending === 0 && accountingHolds(finalSteady) && finalSteady.pending === 0;
for (const { scenario, driven, during, closed, final, rate } of reports) {
  const heap = driven.memory.map((m) => m.heap);
  const rss = driven.memory.map((m) => m.rss);
  const half = Math.floor(driven.memory.length / 2);
  console.log(`\n${scenario.name}:`);
  console.log(
    `  memory (${driven.memory.length} samples, every 1 s, each after a full GC): live heap ${mib(Math.min(...heap))}-${mib(Math.max(...heap))} MiB ` +
      `(max first half ${mib(Math.max(...heap.slice(0, half)))}, second half ${mib(Math.max(...heap.slice(half)))}); ` +
      `RSS ${mib(Math.min(...rss))}-${mib(Math.max(...rss))} MiB (max first half ${mib(Math.max(...rss.slice(0, half)))}, second half ${mib(Math.max(...rss.slice(half)))})`,
  );
  console.log(`  queue high water ${during.queueHighWater} of ${during.queueCapacity}`);
  console.log(`  end of run: ${accountingLine(during)}`);
  console.log(`  after close (${closed.timedOut ? 'timed out' : 'drained'}): ${accountingLine(final)} -> ${accountingHolds(final) && final.pending === 0 ? 'EXACT' : 'MISMATCH'}`);
  if (rate < RATE * 0.95) console.log(`  note: ${perSecond(RATE)} calls/s was out of reach on this machine; the highest reached is shown.`);
  exact &&= accountingHolds(final) && final.pending === 0;
}
rmSync(dir, { recursive: true, force: true });
if (!exact) process.exitCode = 1;

function accountingLine(s) {
  return (
    `produced ${s.produced} = delivered ${s.delivered} + deduplicated ${s.deduplicated} + dropped ${s.dropped} + failed ${s.failed} + lost ${s.lost} + pending ${s.pending}` +
    ` (retries ${s.retries}, skipped ${s.skipped})`
  );
}
