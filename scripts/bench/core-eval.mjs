#!/usr/bin/env node
// Benchmark: Rollgate's evaluate() vs @openfeature/flagd-core vs a bare MurmurHash3 (the floor)
// vs a hand-written evaluator, on issue 2's two flags and 1,000,000 distinct keys; plus compile
// time and memory for a 10,000-flag document. Runs on the BUILT packages: `npm run build` first.
//
//   node scripts/bench/core-eval.mjs            (BENCH_KEYS, BENCH_ROUNDS, BENCH_FLAGS override)
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { FlagdCore } from '@openfeature/flagd-core';
import { compileFlagd, evaluate, murmur3_32 } from '@rollgate/core';
import { exposeGc, fmt, machineLine, markdownTable, median, mib, perSecond, prng } from './bench-support.mjs';

const KEYS = Number(process.env.BENCH_KEYS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const COMPILE_FLAGS = Number(process.env.BENCH_FLAGS ?? 10_000);
const gc = exposeGc();

// --- the document: issue 2's two flags -------------------------------------------------------
const document = {
  flags: {
    'new-checkout': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: {
        if: [{ ends_with: [{ var: 'email' }, '@example.com'] }, 'on', { fractional: [['on', 25], ['off', 75]] }],
      },
    },
    'fast-provision': {
      state: 'ENABLED',
      variants: { control: 'control', test: 'test' },
      defaultVariant: 'control',
      targeting: { fractional: [['control', 50], ['test', 50]] },
    },
  },
};

// --- 1,000,000 distinct keys, contexts built before any timing --------------------------------
function buildContexts(count) {
  const random = prng(20261121);
  const hex = (n) => Math.floor(random() * 16 ** n).toString(16).padStart(n, '0');
  const contexts = new Array(count);
  for (let i = 0; i < count; i += 1) {
    // uuid-shaped, with the index folded in so every key is distinct
    const targetingKey = `${hex(8)}-${hex(4)}-4${hex(3)}-${hex(4)}-${i.toString(16).padStart(12, '0')}`;
    const user = `u${hex(6)}`;
    const email = random() < 0.1 ? `${user}@example.com` : `${user}@mail${i % 7}.org`;
    contexts[i] = { targetingKey, email };
  }
  return contexts;
}

// --- contestants: each evaluates BOTH flags for contexts[from, to) ----------------------------
function makeRollgate() {
  const compiled = compileFlagd(document);
  if (!compiled.ok) throw new Error(`Rollgate rejected the benchmark document: ${JSON.stringify(compiled.error)}`);
  const doc = compiled.value;
  return (contexts, from, to) => {
    let on = 0;
    for (let i = from; i < to; i += 1) {
      const ctx = contexts[i];
      if (evaluate(doc, 'new-checkout', 'boolean', false, ctx).value === true) on += 1;
      if (evaluate(doc, 'fast-provision', 'string', 'control', ctx).value === 'test') on += 1;
    }
    return on;
  };
}

function makeFlagdCore() {
  const silent = { error() {}, warn() {}, info() {}, debug() {} };
  const core = new FlagdCore(undefined, silent);
  core.setConfigurations(JSON.stringify(document));
  return (contexts, from, to) => {
    let on = 0;
    for (let i = from; i < to; i += 1) {
      const ctx = contexts[i];
      if (core.resolveBooleanEvaluation('new-checkout', false, ctx, silent).value === true) on += 1;
      if (core.resolveStringEvaluation('fast-provision', 'control', ctx, silent).value === 'test') on += 1;
    }
    return on;
  };
}

/** The floor: one MurmurHash3 of the targeting key per evaluation, nothing else. */
function makeBareHash() {
  return (contexts, from, to) => {
    let on = 0;
    for (let i = from; i < to; i += 1) {
      const key = contexts[i].targetingKey;
      if (murmur3_32(key) < 0x40000000) on += 1;
      if (murmur3_32(key, 1) < 0x80000000) on += 1;
    }
    return on;
  };
}

/**
 * The same two rules written by hand: flagd's bucketing (MurmurHash3 of flag key + targeting key,
 * integer v2 buckets: floor(hash * totalWeight / 2^32)), no engine, no result objects.
 */
function makeHandWritten() {
  return (contexts, from, to) => {
    let on = 0;
    for (let i = from; i < to; i += 1) {
      const ctx = contexts[i];
      const key = ctx.targetingKey;
      const email = ctx.email;
      const checkout = (typeof email === 'string' && email.endsWith('@example.com')) || Math.floor((murmur3_32(`new-checkout${key}`) * 100) / 4294967296) < 25;
      if (checkout) on += 1;
      if (Math.floor((murmur3_32(`fast-provision${key}`) * 100) / 4294967296) >= 50) on += 1;
    }
    return on;
  };
}

// --- agreement: every contestant that evaluates the rules must give the same answers ----------
function disagreements(contexts, count) {
  const compiled = compileFlagd(document);
  const doc = compiled.value;
  const core = new FlagdCore(undefined, { error() {}, warn() {}, info() {}, debug() {} });
  core.setConfigurations(JSON.stringify(document));
  let vsFlagd = 0;
  let vsHand = 0;
  for (let i = 0; i < count; i += 1) {
    const ctx = contexts[i];
    const a1 = evaluate(doc, 'new-checkout', 'boolean', false, ctx).value;
    const a2 = evaluate(doc, 'fast-provision', 'string', 'control', ctx).value;
    if (a1 !== core.resolveBooleanEvaluation('new-checkout', false, ctx).value) vsFlagd += 1;
    if (a2 !== core.resolveStringEvaluation('fast-provision', 'control', ctx).value) vsFlagd += 1;
    const h1 = ctx.email.endsWith('@example.com') || Math.floor((murmur3_32(`new-checkout${ctx.targetingKey}`) * 100) / 4294967296) < 25;
    const h2 = Math.floor((murmur3_32(`fast-provision${ctx.targetingKey}`) * 100) / 4294967296) >= 50 ? 'test' : 'control';
    if (a1 !== h1) vsHand += 1;
    if (a2 !== h2) vsHand += 1;
  }
  return { vsFlagd, vsHand };
}

// --- measurement ------------------------------------------------------------------------------
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Bytes allocated per evaluation: heap growth over small batches that no GC interrupts. */
function bytesPerEval(run, contexts) {
  const batch = 5_000;
  const samples = [];
  gc();
  for (let s = 0; s < 40 && samples.length < 25; s += 1) {
    const from = (s * 7919 * batch) % (contexts.length - batch);
    const before = v8.getHeapStatistics().used_heap_size;
    run(contexts, from, from + batch);
    const after = v8.getHeapStatistics().used_heap_size;
    if (after >= before) samples.push((after - before) / (batch * 2)); // a GC in between shrinks it: discard
  }
  return median(samples);
}

async function timeRounds(contestants, contexts) {
  // Warm-up: let every contestant reach its optimised tier on a slice of the keys.
  for (const c of contestants) for (let w = 0; w < 3; w += 1) c.run(contexts, 0, Math.min(contexts.length, 100_000));
  for (const c of contestants) c.ns = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    // Interleaved, so machine noise lands on every contestant alike.
    for (const c of contestants) {
      gc();
      await settle();
      const start = performance.now();
      c.sink = c.run(contexts, 0, contexts.length);
      const ms = performance.now() - start;
      c.ns.push((ms * 1e6) / (contexts.length * 2));
    }
  }
  for (const c of contestants) c.medianNs = median(c.ns);
}

// --- compile time and memory for a large document ---------------------------------------------
function bigDocument(count) {
  const flags = {};
  for (let i = 0; i < count; i += 1) {
    const key = `flag-${String(i).padStart(5, '0')}`;
    switch (i % 5) {
      case 0:
        flags[key] = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' };
        break;
      case 1:
        flags[key] = {
          state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off',
          targeting: { if: [{ ends_with: [{ var: 'email' }, `@team${i}.example.com`] }, 'on', { fractional: [['on', 25], ['off', 75]] }] },
          metadata: { owner: `team-${i % 40}` },
        };
        break;
      case 2:
        flags[key] = {
          state: 'ENABLED', variants: { a: 'a', b: 'b', c: 'c' }, defaultVariant: 'a',
          targeting: { fractional: [{ cat: [{ var: 'orgId' }, key] }, ['a', 34], ['b', 33], ['c', 33]] },
        };
        break;
      case 3:
        flags[key] = {
          state: 'ENABLED', variants: { low: 10, high: 100 }, defaultVariant: 'low',
          targeting: { if: [{ and: [{ $ref: 'is-pro' }, { sem_ver: [{ var: 'appVersion' }, '>=', `2.${i % 10}.0`] }] }, 'high', 'low'] },
        };
        break;
      default:
        flags[key] = {
          state: i % 10 === 4 ? 'DISABLED' : 'ENABLED',
          variants: { small: { limit: 1, regions: ['eu'] }, large: { limit: 9, regions: ['eu', 'us'] } },
          defaultVariant: 'small',
          targeting: { if: [{ in: [{ var: 'plan' }, ['pro', 'enterprise']] }, 'large', { starts_with: [{ var: 'country' }, 'D'] }, 'large', null] },
        };
    }
  }
  return { flags, $evaluators: { 'is-pro': { in: [{ var: 'plan' }, ['pro', 'enterprise']] } } };
}

const silentLogger = { error() {}, warn() {}, info() {}, debug() {} };
const loaders = {
  rollgate: (text) => {
    const compiled = compileFlagd(JSON.parse(text));
    if (!compiled.ok) throw new Error(`10k document rejected: ${JSON.stringify(compiled.error.slice(0, 3))}`);
    return compiled.value;
  },
  'flagd-core': (text) => {
    const core = new FlagdCore(undefined, silentLogger);
    core.setConfigurations(text);
    return core;
  },
};

/**
 * Runs in a fresh child process per loader (so memory figures are not mixed with the 1M keys or
 * the other loader): median compile time of 3, then heap retained by the compiled document and
 * the process RSS before and after loading it.
 */
function measureCompileHere(name) {
  const load = loaders[name];
  const text = JSON.stringify(bigDocument(COMPILE_FLAGS));
  gc();
  const rssBefore = process.memoryUsage().rss;
  const baseHeap = process.memoryUsage().heapUsed;
  const times = [];
  let kept;
  for (let r = 0; r < 3; r += 1) {
    kept = undefined;
    gc();
    const start = performance.now();
    kept = load(text);
    times.push(performance.now() - start);
  }
  gc();
  const usage = process.memoryUsage();
  if (kept === undefined) throw new Error(`${name}: nothing compiled`);
  return { ms: median(times), retained: usage.heapUsed - baseHeap, rssBefore, rssAfter: usage.rss, jsonBytes: text.length };
}

function measureCompileInChild(name) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure-compile', name], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_FLAGS: String(COMPILE_FLAGS) },
  });
  if (child.status !== 0) throw new Error(`compile measurement for ${name} failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

if (process.argv[2] === '--measure-compile') {
  process.stdout.write(JSON.stringify(measureCompileHere(process.argv[3])));
  process.exit(0);
}

// --- run ----------------------------------------------------------------------------------------
const contexts = buildContexts(KEYS);
const distinct = new Set(contexts.map((c) => c.targetingKey)).size;
if (distinct !== KEYS) throw new Error(`keys are not distinct: ${distinct} of ${KEYS}`);
const exampleShare = contexts.filter((c) => c.email.endsWith('@example.com')).length / KEYS;

const agreement = disagreements(contexts, Math.min(KEYS, 200_000));

const contestants = [
  { name: 'Rollgate `evaluate`', run: makeRollgate() },
  { name: '@openfeature/flagd-core 4.0.1 `FlagdCore`', run: makeFlagdCore() },
  { name: 'hand-written evaluator (same two rules)', run: makeHandWritten() },
  { name: 'bare MurmurHash3 of the key (floor)', run: makeBareHash() },
];
await timeRounds(contestants, contexts);
for (const c of contestants) c.bytes = bytesPerEval(c.run, contexts);

const [rollgate, flagd, hand, floor] = contestants;
const rows = contestants.map((c) => [
  c.name,
  fmt(c.medianNs, 1),
  perSecond(1e9 / c.medianNs),
  `${fmt(flagd.medianNs / c.medianNs, 2)}x`,
  `${fmt(c.medianNs / floor.medianNs, 2)}x`,
  fmt(c.bytes, 1),
]);

const compiles = [
  ['Rollgate `JSON.parse` + `compileFlagd`', measureCompileInChild('rollgate')],
  ['flagd-core `setConfigurations`', measureCompileInChild('flagd-core')],
];
const compileRows = compiles.map(([label, m]) => [
  label,
  fmt(m.ms, 0),
  `${fmt((m.ms * 1e3) / COMPILE_FLAGS, 1)} µs`,
  `${mib(m.retained)} MiB`,
  `${mib(m.rssBefore)} -> ${mib(m.rssAfter)} MiB`,
]);
const compileRatio = compiles[1][1].ms / compiles[0][1].ms;
const docMiB = mib(compiles[0][1].jsonBytes);

const out = [];
out.push(`## core-eval: ${KEYS.toLocaleString('en-US')} distinct keys x 2 flags (new-checkout, fast-provision)`);
out.push('');
out.push(`Machine: ${machineLine()}`);
out.push(`Median of ${ROUNDS} interleaved rounds after warm-up; ${(exampleShare * 100).toFixed(1)}% of keys have an @example.com email.`);
out.push('');
out.push(markdownTable(['implementation', 'ns/eval', 'evals/s', 'speed vs flagd-core', 'time vs bare hash', 'bytes/eval'], rows));
out.push('');
const speedup = flagd.medianNs / rollgate.medianNs;
const overFloor = rollgate.medianNs / floor.medianNs;
const verdict = (ok) => (ok ? 'met' : 'NOT met');
out.push(`- Rollgate vs flagd-core: ${fmt(speedup, 2)}x the evaluations per second (target >= 4x: ${verdict(speedup >= 4)}).`);
out.push(`- Rollgate vs the bare hash: ${fmt(overFloor, 2)}x the time (target <= 3x: ${verdict(overFloor <= 3)}); vs the hand-written evaluator: ${fmt(rollgate.medianNs / hand.medianNs, 2)}x.`);
out.push(`- Allocation: ${fmt(rollgate.bytes, 1)} bytes per Rollgate evaluation vs ${fmt(flagd.bytes, 1)} for flagd-core (heap growth over 5,000-key batches with no GC in between).`);
out.push(`- Agreement on the first ${Math.min(KEYS, 200_000).toLocaleString('en-US')} keys: ${agreement.vsFlagd} answers differ from flagd-core, ${agreement.vsHand} from the hand-written rules.`);
out.push('');
out.push(`### Compile: a generated ${COMPILE_FLAGS.toLocaleString('en-US')}-flag document (${docMiB} MiB of JSON; each loader in a fresh process)`);
out.push('');
out.push(markdownTable(['loader', 'ms (median of 3)', 'per flag', 'heap retained by the document', 'process RSS before -> after'], compileRows));
out.push('');
out.push(`- Rollgate compiles the document ${fmt(compileRatio, 2)}x as fast as flagd-core loads it.`);
out.push('');
process.stdout.write(`${out.join('\n')}\n`);
if (agreement.vsFlagd > 0 || agreement.vsHand > 0) process.exitCode = 1;
