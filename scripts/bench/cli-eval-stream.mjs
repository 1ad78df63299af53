#!/usr/bin/env node
// Benchmark: `rollgate eval --requests -` streaming 100,000 and 1,000,000 requests through a pipe.
// Shows throughput and that memory stays bounded (peak RSS of the CLI process barely moves with a
// 10x longer stream), and checks every result line comes back in input order.
// Runs the BUILT bin: `npm run build` first.   BENCH_STREAM_REQUESTS=1000000 overrides the big run.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fmt, machineLine, markdownTable, perSecond } from './bench-support.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${repo}packages/cli/bin/rollgate.js`;
const flags = `${repo}packages/cli/examples/flags.flagd.json`;
const BIG = Number(process.env.BENCH_STREAM_REQUESTS ?? 1_000_000);

/** Request i; its flag key is predictable from i, which is how the order is checked. */
function flagKeyOf(i) {
  if (i % 1000 === 999) return `missing-${i}`;
  return i % 2 === 0 ? 'new-checkout' : 'fast-provision';
}
function requestLine(i) {
  const flagKey = flagKeyOf(i);
  const email = i % 10 === 0 ? `u${i}@example.com` : `u${i}@other.org`;
  return `{"flagKey":"${flagKey}","context":{"targetingKey":"user-${i}","email":"${email}"}}\n`;
}

function peakRssKiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0; // not Linux, or the process is gone
  }
}

async function stream(count) {
  const child = spawn(process.execPath, [bin, 'eval', '--flags', flags, '--requests', '-'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, peakRssKiB(child.pid)); }, 50);
  const start = performance.now();

  // Feed with backpressure: generate lines lazily, wait for 'drain' when the pipe is full.
  const feed = (async () => {
    for (let i = 0; i < count; ) {
      let chunk = '';
      const end = Math.min(count, i + 500);
      for (; i < end; i += 1) chunk += requestLine(i);
      if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve));
    }
    child.stdin.end();
  })();

  let received = 0;
  let outOfOrder = 0;
  let carry = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text) => {
    const lines = (carry + text).split('\n');
    carry = lines.pop();
    for (const line of lines) {
      if (!line.startsWith(`{"flagKey":"${flagKeyOf(received)}"`)) outOfOrder += 1;
      received += 1;
    }
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  await feed;
  clearInterval(sampler);
  const seconds = (performance.now() - start) / 1000;
  return { count, seconds, received, outOfOrder, code, peakMiB: peak / 1024 };
}

const small = await stream(Math.max(1, Math.round(BIG / 10)));
const big = await stream(BIG);
const rows = [small, big].map((r) => [
  r.count.toLocaleString('en-US'),
  fmt(r.seconds, 2),
  perSecond(r.count / r.seconds),
  fmt(r.peakMiB, 1),
  `${fmt(r.peakMiB / small.peakMiB, 2)}x`,
  r.received === r.count && r.outOfOrder === 0 && r.code === 0 ? 'yes' : `NO (${r.received} lines, ${r.outOfOrder} out of order, exit ${r.code})`,
]);
process.stdout.write(
  [
    '## cli-eval-stream: `rollgate eval --requests -` through a pipe',
    '',
    `Machine: ${machineLine()}`,
    '',
    markdownTable(['requests', 'seconds', 'requests/s', 'peak RSS (MiB)', 'peak RSS vs 1/10 run', 'all lines, in order'], rows),
    '',
    'Peak RSS is the CLI process\'s VmHWM; bounded memory means it stays flat as the stream grows 10x.',
    `Verdict: ${big.peakMiB <= 1.5 * small.peakMiB ? 'bounded' : 'NOT bounded'} (10x the requests, ${fmt(big.peakMiB / small.peakMiB, 2)}x the peak RSS; limit 1.5x).`,
    '',
  ].join('\n'),
);
if ([small, big].some((r) => r.received !== r.count || r.outOfOrder !== 0 || r.code !== 0)) process.exitCode = 1;
