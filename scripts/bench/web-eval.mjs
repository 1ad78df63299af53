#!/usr/bin/env node
// Benchmark: a flag read through the OpenFeature web SDK client, served by Rollgate's web provider
// vs the SDK's own InMemoryProvider (the peer: the cheapest provider the SDK ships), same flags,
// same client API, same run. Runs on the BUILT packages: `npm run build` first.
//
//   node scripts/bench/web-eval.mjs          (BENCH_READS per round, BENCH_ROUNDS override)
import { InMemoryProvider, OpenFeature } from '@openfeature/web-sdk';
import { RollgateWebProvider } from '@rollgate/openfeature-web';
import { fmt, machineLine, markdownTable, median } from './bench-support.mjs';

const READS = Number(process.env.BENCH_READS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONTEXT = { targetingKey: 'user-1', plan: 'pro' };

// The dashboard's call-to-action flag, targeted, and a static numeric flag.
const definitions = {
  flags: {
    'create-instance-cta': {
      state: 'ENABLED',
      variants: { button: 'button', card: 'card' },
      defaultVariant: 'button',
      targeting: { if: [{ '===': [{ var: 'plan' }, 'pro'] }, 'card', 'button'] },
    },
    'max-projects': { state: 'ENABLED', variants: { few: 3, many: 10 }, defaultVariant: 'few' },
  },
};
const inMemoryFlags = {
  'create-instance-cta': {
    disabled: false,
    variants: { button: 'button', card: 'card' },
    defaultVariant: 'button',
    contextEvaluator: (context) => (context.plan === 'pro' ? 'card' : 'button'),
  },
  'max-projects': { disabled: false, variants: { few: 3, many: 10 }, defaultVariant: 'few' },
};

OpenFeature.setLogger({ error() {}, warn() {}, info() {}, debug() {} });
const exposures = [];
const setups = [
  ['InMemoryProvider (peer)', new InMemoryProvider(inMemoryFlags)],
  ['RollgateWebProvider', new RollgateWebProvider({ bootstrap: { definitions }, cache: false })],
  [
    'RollgateWebProvider + exposure hook (deduped)',
    new RollgateWebProvider({ bootstrap: { definitions }, cache: false, capture: (event, properties) => exposures.push([event, properties]) }),
  ],
];
const clients = [];
for (const [name, provider] of setups) {
  await OpenFeature.setProviderAndWait(name, provider, CONTEXT);
  const client = OpenFeature.getClient(name);
  // Same answers, or the comparison means nothing.
  if (client.getStringValue('create-instance-cta', 'x') !== 'card' || client.getNumberValue('max-projects', 0) !== 3) {
    throw new Error(`${name} answers differently`);
  }
  clients.push([name, client]);
}

let sink = 0;
function round(client) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < READS; i++) {
    sink += client.getStringValue('create-instance-cta', 'button').length;
    sink += client.getNumberValue('max-projects', 0);
  }
  return Number(process.hrtime.bigint() - start) / (2 * READS);
}

// Warm up every path, then interleave rounds so machine noise hits all providers alike.
for (const [, client] of clients) round(client);
const samples = new Map(clients.map(([name]) => [name, []]));
for (let r = 0; r < ROUNDS; r++) for (const [name, client] of clients) samples.get(name).push(round(client));

const peer = median(samples.get('InMemoryProvider (peer)'));
const rows = clients.map(([name]) => {
  const ns = median(samples.get(name));
  return [name, fmt(ns, 0), fmt(1e9 / ns / 1e3, 0), fmt(ns / peer, 3)];
});
console.log(`web SDK evaluation, ${ROUNDS} rounds x ${2 * READS} reads, median; ${machineLine()}\n`);
console.log(markdownTable(['provider', 'ns / read', 'k reads / s', 'ratio to InMemoryProvider'], rows));
console.log(`\n(target: RollgateWebProvider within 1.10 x of InMemoryProvider; exposures captured: ${exposures.length}; checksum ${sink})`);
