#!/usr/bin/env node
// Seeded generator of a shadow comparison log (situation 3: a job runner's local queue answering,
// a fleet coordinator compared), in the exact line format the ShadowProvider writes. Divergence is
// concentrated in one pool, so the report's separating attribute has something to find.
// Same seed and options, byte-identical output.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const HELP = `Usage: node scripts/generate-shadow-log.mjs --out FILE [options]

Writes FILE (JSON lines; gzip-compressed when FILE ends in .gz): one ComparisonRecord (v1) per
line, as the server provider's ShadowProvider logs them in shadow mode.

Options:
  --out FILE               output file (its directory is created)                  required
  --seed N                 random seed                                             default 1
  --comparisons N          lines to write                                          default 12000
  --legacy-share P         share of comparisons from pool "legacy"                 default 0.03
  --legacy-divergence P    chance a legacy comparison diverges                     default 0.02
  --error-rate P           chance the coordinator times out (SHADOW_ERROR)         default 0.0002
  --end ISO                time of the last comparison                             default 2026-11-20T00:00:00Z
  --bad-lines N            torn / garbage lines mixed in                           default 0
  -h, --help

Example:
  node scripts/generate-shadow-log.mjs --out /tmp/shadow.jsonl --legacy-divergence 0.2
  rollgate shadow-report /tmp/shadow.jsonl
`;

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
    comparisons: { type: 'string', default: '12000' },
    'legacy-share': { type: 'string', default: '0.03' },
    'legacy-divergence': { type: 'string', default: '0.02' },
    'error-rate': { type: 'string', default: '0.0002' },
    end: { type: 'string', default: '2026-11-20T00:00:00Z' },
    'bad-lines': { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const fail = (message) => {
  process.stderr.write(`generate-shadow-log: ${message}\n`);
  process.exit(2);
};
if (!values.out) fail('--out FILE is required (see --help)');
const int = (name) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer (got ${values[name]})`);
  return n;
};
const share = (name) => {
  const p = Number(values[name]);
  if (!(p >= 0 && p <= 1)) fail(`--${name} must be a number in [0, 1] (got ${values[name]})`);
  return p;
};
const end = Date.parse(values.end);
if (Number.isNaN(end)) fail(`--end must be an ISO-8601 time (got ${values.end})`);
const n = int('comparisons');
const badLines = int('bad-lines');
const legacyShare = share('legacy-share');
const legacyDivergence = share('legacy-divergence');
const errorRate = share('error-rate');

// mulberry32: small, seedable, and the same on every platform.
let state = int('seed') >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (items) => items[Math.floor(random() * items.length)];

const PRIMARY = 'file:/etc/runner/flags.json';
const SHADOW = 'https://coordinator.internal/v1/flags';
const FLAGS = [
  { key: 'queue-route', type: 'string', variants: { local: 'local', fleet: 'fleet' }, choose: (pool) => (pool === 'gpu' ? 'fleet' : 'local') },
  { key: 'retry-policy', type: 'object', variants: { standard: { attempts: 3, backoffMs: 500 }, patient: { attempts: 6, backoffMs: 2000 } }, choose: (pool) => (pool === 'batch' ? 'patient' : 'standard') },
  { key: 'priority-boost', type: 'boolean', variants: { on: true, off: false }, choose: (_pool, region) => (region === 'eu' ? 'on' : 'off') },
];
const REGIONS = ['us', 'eu', 'ap'];
const POOLS = ['cpu', 'gpu', 'batch'];
const VERSIONS = ['4.1.0', '4.2.0', '4.2.1'];

// Object values are written with their keys in another order by the coordinator: not a divergence.
const reorder = (value) => (value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).reverse()) : value);
const other = (flag, variant) => Object.keys(flag.variants).find((v) => v !== variant);

const lines = [];
const span = 7 * 86_400_000;
for (let i = 0; i < n; i += 1) {
  const flag = pick(FLAGS);
  const region = pick(REGIONS);
  const pool = random() < legacyShare ? 'legacy' : pick(POOLS);
  const version = pick(VERSIONS);
  const variant = flag.choose(pool, region);
  const time = new Date(end - span + Math.round(((i + 1) / n) * span)).toISOString();
  let verdict = 'AGREE';
  let shadowVariant = variant;
  let shadow;
  if (random() < errorRate) {
    verdict = 'SHADOW_ERROR';
    shadow = { source: SHADOW, value: null, variant: null, reason: null, errorCode: null, error: 'timeout: timeout after 1000 ms' };
  } else if (pool === 'legacy' && random() < legacyDivergence) {
    verdict = 'DIVERGE';
    shadowVariant = other(flag, variant);
  }
  shadow ??= { source: SHADOW, value: reorder(flag.variants[shadowVariant]), variant: shadowVariant, reason: 'TARGETING_MATCH', errorCode: null };
  const record = {
    v: 1,
    time,
    mode: 'shadow',
    flag: flag.key,
    type: flag.type,
    key: `job-${String(i + 1).padStart(6, '0')}`,
    verdict,
    primary: { source: PRIMARY, value: flag.variants[variant], variant, reason: 'TARGETING_MATCH', errorCode: null },
    shadow,
    attributes: { region, pool, runner_version: version },
  };
  if (verdict !== 'SHADOW_ERROR') record.shadowMs = Math.round((0.05 + random() * 0.4) * 1000) / 1000;
  lines.push(JSON.stringify(record));
}
for (let b = 0; b < badLines; b += 1) {
  const at = Math.floor(random() * (lines.length + 1));
  lines.splice(at, 0, b % 2 === 0 ? lines[Math.min(at, lines.length - 1)]?.slice(0, 40) ?? '{' : 'garbage');
}
const text = `${lines.join('\n')}\n`;
const out = resolve(values.out);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, out.endsWith('.gz') ? gzipSync(text, { level: 9 }) : text);
const counts = {};
for (const l of lines) {
  try {
    const v = JSON.parse(l).verdict;
    counts[v] = (counts[v] ?? 0) + 1;
  } catch {
    counts.bad = (counts.bad ?? 0) + 1;
  }
}
process.stderr.write(`generate-shadow-log: ${lines.length} lines to ${out} (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')})\n`);
