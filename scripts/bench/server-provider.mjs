#!/usr/bin/env node
// Benchmark: RollgateProvider vs the SDK's own InMemoryProvider, both behind an OpenFeature
// server client on the same four flags and contexts, plus a constant-answer provider (the SDK's
// own floor) and each provider's resolve call on its own. Runs on the BUILT packages.
//
//   npm run build && node scripts/bench/server-provider.mjs     (BENCH_EVALS, BENCH_ROUNDS override)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import { RollgateProvider } from '@rollgate/openfeature-server';
import { fmt, machineLine, markdownTable, median, prng } from './bench-support.mjs';

const EVALS = Number(process.env.BENCH_EVALS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

// --- the same four flags, in flagd format and in InMemoryProvider's format -------------------
const flagd = {
  flags: {
    'new-checkout': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: { if: [{ '==': [{ var: 'plan' }, 'pro'] }, 'on', 'off'] },
    },
    'cli-fast-path': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
    'button-label': { state: 'ENABLED', variants: { short: 'Go', long: 'Create instance' }, defaultVariant: 'long' },
    'max-retries': { state: 'ENABLED', variants: { few: 2, many: 9 }, defaultVariant: 'few' },
  },
};
const inMemory = {
  'new-checkout': {
    variants: { on: true, off: false },
    defaultVariant: 'off',
    disabled: false,
    contextEvaluator: (ctx) => (ctx.plan === 'pro' ? 'on' : 'off'),
  },
  'cli-fast-path': { variants: { on: true, off: false }, defaultVariant: 'on', disabled: false },
  'button-label': { variants: { short: 'Go', long: 'Create instance' }, defaultVariant: 'long', disabled: false },
  'max-retries': { variants: { few: 2, many: 9 }, defaultVariant: 'few', disabled: false },
};

/** Answers every flag with its default: what the SDK costs around a provider that does nothing. */
const floorProvider = {
  metadata: { name: 'constant' },
  runsOn: 'server',
  resolveBooleanEvaluation: async (_k, value) => ({ value, reason: 'STATIC' }),
  resolveStringEvaluation: async (_k, value) => ({ value, reason: 'STATIC' }),
  resolveNumberEvaluation: async (_k, value) => ({ value, reason: 'STATIC' }),
  resolveObjectEvaluation: async (_k, value) => ({ value, reason: 'STATIC' }),
};

const dir = mkdtempSync(join(tmpdir(), 'rollgate-bench-'));
const file = join(dir, 'flags.json');
writeFileSync(file, JSON.stringify(flagd));
const rollgate = new RollgateProvider({ source: file, env: {}, pollIntervalMs: 3_600_000 });
const memory = new InMemoryProvider(inMemory);
await OpenFeature.setProviderAndWait('rollgate', rollgate);
await OpenFeature.setProviderAndWait('in-memory', memory);
await OpenFeature.setProviderAndWait('floor', floorProvider);

const random = prng(7);
const contexts = Array.from({ length: 1024 }, (_, i) => ({
  targetingKey: `user-${i}`,
  plan: random() < 0.3 ? 'pro' : 'free',
}));

// One evaluation mix: 4 flags of 3 types, contexts cycling.
async function throughClient(client, n) {
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < n; i += 4) {
    const context = contexts[i & 1023];
    if (await client.getBooleanValue('new-checkout', false, context)) sink++;
    if (await client.getBooleanValue('cli-fast-path', false, context)) sink++;
    sink += (await client.getStringValue('button-label', 'x', context)).length;
    sink += await client.getNumberValue('max-retries', 0, context);
  }
  return { ns: ((performance.now() - started) * 1e6) / n, sink };
}

async function direct(provider, n) {
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < n; i += 4) {
    const context = contexts[i & 1023];
    if ((await provider.resolveBooleanEvaluation('new-checkout', false, context)).value) sink++;
    if ((await provider.resolveBooleanEvaluation('cli-fast-path', false, context)).value) sink++;
    sink += (await provider.resolveStringEvaluation('button-label', 'x', context)).value.length;
    sink += (await provider.resolveNumberEvaluation('max-retries', 0, context)).value;
  }
  return { ns: ((performance.now() - started) * 1e6) / n, sink };
}

// Same answers first: the comparison is only fair if both providers do the same work.
for (const context of contexts.slice(0, 50)) {
  for (const [key, type, def] of [['new-checkout', 'boolean', false], ['cli-fast-path', 'boolean', false], ['button-label', 'string', 'x'], ['max-retries', 'number', 0]]) {
    const resolver = `resolve${type[0].toUpperCase()}${type.slice(1)}Evaluation`;
    const a = await rollgate[resolver](key, def, context);
    const b = await memory[resolver](key, def, context);
    if (a.value !== b.value || a.variant !== b.variant) throw new Error(`providers disagree on ${key}: ${a.value} vs ${b.value}`);
  }
}

const clients = {
  rollgate: OpenFeature.getClient('rollgate'),
  'in-memory': OpenFeature.getClient('in-memory'),
  floor: OpenFeature.getClient('floor'),
};
const samples = { rollgate: [], 'in-memory': [], floor: [], 'rollgate direct': [], 'in-memory direct': [] };
// Warm-up, then interleaved rounds so drift on a shared machine hits every peer alike.
for (const client of Object.values(clients)) await throughClient(client, 20_000);
await direct(rollgate, 20_000);
await direct(memory, 20_000);
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, client] of Object.entries(clients)) samples[name].push((await throughClient(client, EVALS)).ns);
  samples['rollgate direct'].push((await direct(rollgate, EVALS)).ns);
  samples['in-memory direct'].push((await direct(memory, EVALS)).ns);
}

const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const rows = [
  ['RollgateProvider via client', fmt(m.rollgate / 1000, 2), fmt(1e9 / m.rollgate / 1000, 1), fmt(m.rollgate / m['in-memory'], 3)],
  ['InMemoryProvider via client', fmt(m['in-memory'] / 1000, 2), fmt(1e9 / m['in-memory'] / 1000, 1), '1.000'],
  ['constant provider via client (SDK floor)', fmt(m.floor / 1000, 2), fmt(1e9 / m.floor / 1000, 1), fmt(m.floor / m['in-memory'], 3)],
  ['RollgateProvider resolve* alone', fmt(m['rollgate direct'] / 1000, 3), fmt(1e9 / m['rollgate direct'] / 1000, 0), fmt(m['rollgate direct'] / m['in-memory direct'], 3)],
  ['InMemoryProvider resolve* alone', fmt(m['in-memory direct'] / 1000, 3), fmt(1e9 / m['in-memory direct'] / 1000, 0), '1.000'],
];
console.log(`server provider cost per evaluation (${EVALS.toLocaleString()} evaluations x ${ROUNDS} rounds, medians)`);
console.log(machineLine());
console.log();
console.log(markdownTable(['peer', 'µs / evaluation', 'k evaluations / s', 'ratio vs InMemoryProvider'], rows));
console.log();
const own = m.rollgate - m.floor;
const ownMemory = m['in-memory'] - m.floor;
console.log(`Provider's own share above the SDK floor: Rollgate ${fmt(own / 1000, 2)} µs, InMemoryProvider ${fmt(ownMemory / 1000, 2)} µs.`);
console.log(`Target: RollgateProvider via client within 10% of InMemoryProvider (ratio <= 1.10): ${m.rollgate / m['in-memory'] <= 1.1 ? 'met' : 'NOT met'} (${fmt(m.rollgate / m['in-memory'], 3)}).`);

await OpenFeature.close();
rmSync(dir, { recursive: true, force: true });
