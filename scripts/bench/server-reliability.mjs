#!/usr/bin/env node
// Reliability figures of the server provider (issue 4), measured on the BUILT packages:
//   1. source down and no cache: how long initialisation takes to settle vs initTimeoutMs;
//   2. warm start from the disk cache with the network unreachable: time to READY;
//   3. 1,000 malformed documents in a row: crashes, rejections, last good still serving;
//   4. cache writes SIGKILLed at random points: files torn (must be 0).
// The behaviours are asserted in packages/openfeature-server/test; this script reports figures.
//
//   npm run build && node scripts/bench/server-reliability.mjs    (BENCH_KILLS, BENCH_STARTS override)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { OpenFeature } from '@openfeature/server-sdk';
import { DocumentCache, HttpSource, RollgateProvider, textHash } from '@rollgate/openfeature-server';
import { fmt, machineLine, markdownTable, median } from './bench-support.mjs';

/** Nearest-rank quantile of a sample. */
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)];
const KILLS = Number(process.env.BENCH_KILLS ?? 100);
const STARTS = Number(process.env.BENCH_STARTS ?? 50);
const quiet = { error() {}, warn() {}, info() {}, debug() {} };
const dir = mkdtempSync(join(tmpdir(), 'rollgate-reliability-'));
const doc = (variant) =>
  JSON.stringify({
    flags: {
      'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: variant },
      'fast-provision': {
        state: 'ENABLED',
        variants: { control: 'control', test: 'test' },
        defaultVariant: 'control',
        targeting: { fractional: [['control', 50], ['test', 50]] },
      },
    },
  });
let domains = 0;
const register = async (provider) => {
  const name = `r${domains++}`;
  await OpenFeature.setProviderAndWait(name, provider);
  return OpenFeature.getClient(name);
};

// A server whose behaviour the sections switch: 'hang' never answers, a function answers.
let behaviour = 'hang';
const server = createServer((request, response) => {
  if (behaviour === 'hang') return;
  const body = behaviour(request);
  response.writeHead(200, { 'content-type': 'application/json' }).end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const liveUrl = `http://127.0.0.1:${server.address().port}/flags.json`;
const refused = createServer();
await new Promise((resolve) => refused.listen(0, '127.0.0.1', resolve));
const deadUrl = `http://127.0.0.1:${refused.address().port}/flags.json`;
await new Promise((resolve) => refused.close(resolve));

const rows = [];

// --- 1. source down, no cache ----------------------------------------------------------------
for (const [label, url] of [['never answers', liveUrl], ['connection refused', deadUrl]]) {
  const settled = [];
  let defaultsServed = 0;
  for (let i = 0; i < 5; i++) {
    const provider = new RollgateProvider({ source: url, env: {}, cache: false, logger: quiet, initTimeoutMs: 1500 });
    const started = performance.now();
    const client = await register(provider);
    settled.push(performance.now() - started);
    if ((await client.getBooleanValue('new-checkout', true)) === true) defaultsServed++;
    await provider.onClose();
  }
  rows.push([
    `source down (${label}), no cache, initTimeoutMs 1500: setProviderAndWait settles in`,
    `${fmt(median(settled), 1)} ms median, ${fmt(Math.max(...settled), 1)} ms max (5 starts)`,
    '<= 1600 ms',
    `defaults served ${defaultsServed}/5`,
  ]);
}

// --- 2. warm start from the disk cache, network unreachable ----------------------------------
for (const [label, age] of [['fresh cache', 60_000], ['stale cache', 2 * 3_600_000]]) {
  const cacheDir = join(dir, `cache-${label.split(' ')[0]}`);
  const source = new HttpSource({ url: deadUrl });
  await new DocumentCache(cacheDir, source.kind, source.cacheKey).write({
    sourceId: source.id,
    fetchedAt: Date.now() - age,
    hash: textHash(doc('on')),
    text: doc('on'),
  });
  const times = [];
  let served = 0;
  for (let i = 0; i < STARTS; i++) {
    const started = performance.now();
    const provider = new RollgateProvider({ source: deadUrl, env: {}, cacheDir, logger: quiet });
    const client = await register(provider);
    times.push(performance.now() - started);
    if ((await client.getBooleanValue('new-checkout', false)) === true) served++;
    await provider.onClose();
  }
  rows.push([
    `warm start, ${label}, network unreachable: construct -> READY`,
    `${fmt(median(times), 2)} ms median, ${fmt(quantile(times, 0.9), 2)} ms p90, ${fmt(Math.max(...times), 2)} ms max (${STARTS} starts)`,
    '< 50 ms',
    `cached value served ${served}/${STARTS}`,
  ]);
}

// --- 2b. the same warm start as the first thing a fresh process does (a CLI invocation) ------
{
  const cacheDir = join(dir, 'cache-fresh');
  const child = `
    import { performance } from 'node:perf_hooks';
    import { OpenFeature } from '@openfeature/server-sdk';
    import { RollgateProvider } from ${JSON.stringify(new URL('../../packages/openfeature-server/dist/index.js', import.meta.url).href)};
    const started = performance.now();
    const provider = new RollgateProvider({ source: ${JSON.stringify(deadUrl)}, env: {}, cacheDir: ${JSON.stringify(cacheDir)}, logger: { error() {}, warn() {}, info() {}, debug() {} } });
    await OpenFeature.setProviderAndWait(provider);
    const ready = performance.now() - started;
    const value = await OpenFeature.getClient().getBooleanValue('new-checkout', false);
    process.stdout.write(JSON.stringify({ ready, value, boot: started }));
    await OpenFeature.close();`;
  const ready = [];
  const boot = [];
  let served = 0;
  for (let i = 0; i < 7; i++) {
    const out = await new Promise((resolve) => {
      const p = spawn(process.execPath, ['--input-type=module', '-e', child], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      p.stdout.on('data', (d) => (text += d));
      p.on('exit', () => resolve(JSON.parse(text)));
    });
    ready.push(out.ready);
    boot.push(out.boot);
    if (out.value === true) served++;
  }
  rows.push([
    'warm start in a fresh process (CLI), fresh cache, network unreachable: construct -> READY',
    `${fmt(median(ready), 2)} ms median, ${fmt(Math.max(...ready), 2)} ms max (7 processes; Node boot + imports before it: ${fmt(median(boot), 0)} ms median)`,
    '< 50 ms',
    `cached value served ${served}/7`,
  ]);
}

// --- 3. 1,000 malformed documents in a row ---------------------------------------------------
{
  let crashes = 0;
  const onCrash = () => crashes++;
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  behaviour = () => doc('on');
  const provider = new RollgateProvider({ source: liveUrl, env: {}, cache: false, logger: quiet });
  const client = await register(provider);
  const malformed = ['{', '', 'null', '[]', '{"flags": 3}', '<html>502</html>', '{"flags": {"x": {"state": "ENABLED"}}}'];
  let n = 0;
  behaviour = () => malformed[n++ % malformed.length];
  let stillServing = 0;
  const started = performance.now();
  for (let i = 0; i < 1000; i++) {
    await provider.refresh();
    if ((await client.getBooleanValue('new-checkout', false)) === true) stillServing++;
  }
  const elapsed = performance.now() - started;
  const stats = provider.state.stats;
  await provider.onClose();
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  rows.push([
    '1,000 malformed documents in a row',
    `${crashes} crashes, ${stats.rejected} rejected, last good served ${stillServing}/1000`,
    '0 crashes, last good serves',
    `${fmt(elapsed / 1000, 2)} ms per fetch+reject`,
  ]);
}

// --- 4. cache writes killed at random points -------------------------------------------------
{
  const path = join(dir, 'kill', 'cache.json');
  const size = 512 * 1024;
  const docs = ['first', 'second'].map((d) => JSON.stringify({ doc: d, pad: d[0].repeat(size) }));
  const writer = `
    const { writeFileAtomic } = await import(${JSON.stringify(new URL('../../packages/openfeature-server/dist/cache/write-file-atomic.js', import.meta.url).href)});
    const docs = ['first', 'second'].map((d) => JSON.stringify({ doc: d, pad: d[0].repeat(${size}) }));
    for (let i = 0; ; i++) { await writeFileAtomic(${JSON.stringify(path)}, docs[i % 2]); if (i === 0) process.stdout.write('ready\\n'); }`;
  let torn = 0;
  const seen = { first: 0, second: 0 };
  for (let i = 0; i < KILLS; i++) {
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const text = readFileSync(path, 'utf8');
    if (text === docs[0]) seen.first++;
    else if (text === docs[1]) seen.second++;
    else torn++;
  }
  rows.push([
    `cache write (512 KiB) SIGKILLed at a random point, ${KILLS} times`,
    `${torn} torn; old/new seen ${seen.first}/${seen.second}`,
    '0 torn',
    '',
  ]);
}

console.log('server provider reliability (figures; behaviour is asserted in the tests)');
console.log(machineLine());
console.log();
console.log(markdownTable(['scenario', 'measured', 'target', 'check'], rows));

server.closeAllConnections();
server.close();
await OpenFeature.close();
rmSync(dir, { recursive: true, force: true });
