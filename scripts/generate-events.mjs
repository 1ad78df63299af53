#!/usr/bin/env node
// Seeded generator of a realistic synthetic event export: experiment exposures for both arms,
// conversions, run_finished events with latency segments over multi-turn conversations, a paired
// local A/B, and a few malformed rows. Same seed and options, byte-identical output.
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const HELP = `Usage: node scripts/generate-events.mjs --out DIR [options]

Writes DIR/events.jsonl (PostHog JSON-lines layout, with malformed rows mixed in),
DIR/events.parquet (batch-export layout: properties as a JSON string, timestamp in
microseconds; the well-formed rows only), DIR/local-ab-pairs.jsonl (one run per line:
pair_id, arm fresh|resumed, segments) and DIR/manifest.json (what was generated).

Options:
  --out DIR              output directory (created)                        required
  --seed N               random seed                                       default 42
  --users N              distinct ids (each has 1-3 conversations)         default 150
  --days N               days of history before --end                      default 14
  --end ISO              time of the last possible event (fixes "now")     default 2026-11-20T00:00:00Z
  --pairs N              local A/B pairs (fresh vs resumed)                default 36
  --formats LIST         jsonl,parquet                                     default jsonl,parquet
  --no-malformed         leave out the malformed rows
  -h, --help

Example:
  node scripts/generate-events.mjs --out /tmp/export --seed 7 --users 400
`;

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    seed: { type: 'string', default: '42' },
    users: { type: 'string', default: '150' },
    days: { type: 'string', default: '14' },
    end: { type: 'string', default: '2026-11-20T00:00:00Z' },
    pairs: { type: 'string', default: '36' },
    formats: { type: 'string', default: 'jsonl,parquet' },
    'no-malformed': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const int = (name) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`generate-events: --${name} must be a non-negative integer (got ${values[name]})\n`);
    process.exit(2);
  }
  return n;
};
if (!values.out) {
  process.stderr.write(`generate-events: --out DIR is required\n\n${HELP}`);
  process.exit(2);
}
const seed = int('seed');
const users = int('users');
const days = int('days');
const pairs = int('pairs');
const end = new Date(values.end);
if (Number.isNaN(end.getTime())) {
  process.stderr.write(`generate-events: --end is not a valid time: ${values.end}\n`);
  process.exit(2);
}
const formats = new Set(values.formats.split(','));
for (const f of formats) if (f !== 'jsonl' && f !== 'parquet') { process.stderr.write(`generate-events: unknown format ${f}\n`); process.exit(2); }

// Mulberry32, the same generator as packages/analysis/src/stats/mulberry32.ts.
let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];
const weighted = (pairs) => {
  let u = random() * pairs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of pairs) if ((u -= w) < 0) return v;
  return pairs[pairs.length - 1][0];
};
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const lognormal = (median, sigma) => median * Math.exp(sigma * normal());
const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
const iso = (ms) => new Date(Math.round(ms)).toISOString();

const FLAG = 'fast-provisioning';
const METRIC = 'setup_completed';
const start = end.getTime() - days * 86_400_000;
const rows = [];
const counts = { exposures: { control: 0, test: 0 }, conversions: { control: 0, test: 0 }, runs: 0, negativeRemainder: 0, missingParts: 0, localAbRuns: 0, malformed: 0, duplicates: 0 };

for (let u = 0; u < users; u++) {
  const distinctId = `user-${String(u).padStart(5, '0')}`;
  const variant = random() < 0.5 ? 'control' : 'test';
  const firstSeen = start + random() * (end.getTime() - start - 3_600_000);
  rows.push({ uuid: uuid(), event: '$feature_flag_called', distinct_id: distinctId, timestamp: iso(firstSeen), properties: { $feature_flag: FLAG, $feature_flag_response: variant } });
  counts.exposures[variant]++;
  // A second exposure of the same unit, as real clients send: analyses must use the first one.
  if (random() < 0.3) rows.push({ uuid: uuid(), event: '$feature_flag_called', distinct_id: distinctId, timestamp: iso(firstSeen + 600_000), properties: { $feature_flag: FLAG, $feature_flag_response: variant } });
  if (random() < (variant === 'test' ? 0.36 : 0.3)) {
    rows.push({ uuid: uuid(), event: METRIC, distinct_id: distinctId, timestamp: iso(firstSeen + 60_000 + random() * 3_000_000), properties: { source: 'cli' } });
    counts.conversions[variant]++;
  }
  const agent = weighted([['claude_code', 6], ['codex', 3], ['gemini', 1]]);
  const clientVersion = weighted([['2.4.1', 5], ['2.3.0', 3], ['2.1.7', 2]]);
  const runtime = weighted([['node', 3], ['bun', 1]]);
  const conversations = 1 + Math.floor(random() * 3);
  for (let c = 0; c < conversations; c++) {
    const conversationId = `conv-${hex(10)}`;
    // A per-conversation speed factor: runs of one conversation are alike, which is why intervals cluster.
    const machine = lognormal(1, 0.25);
    const turns = 1 + Math.floor(random() * 6);
    let at = start + random() * (end.getTime() - start - 7_200_000);
    for (let turn = 1; turn <= turns; turn++) {
      at += 30_000 + random() * 600_000;
      const status = weighted([['success', 90], ['error', 5], ['cancelled_by_user', 5]]);
      const cli = lognormal(380, 0.3) * machine;
      // The observed problem: every later turn re-initialises the session, and pays more for it.
      const init = lognormal(turn === 1 ? 1900 : 3300, 0.35) * machine * (agent === 'claude_code' ? 1 : 0.8);
      const model = lognormal(5200, 0.4);
      const remainder = lognormal(250, 0.5);
      const props = {
        agent,
        status,
        client_version: clientVersion,
        runtime,
        conversation_id: conversationId,
        turn_index: turn,
        cli_ready_ms: Math.round(cli),
        session_init_ms: Math.round(init),
        model_first_token_ms: Math.round(model),
        spawn_to_first_token_ms: Math.round(cli + init + model + remainder),
      };
      const quirk = random();
      if (quirk < 0.02) {
        // Clock skew between processes: the parts exceed the total.
        props.spawn_to_first_token_ms = Math.round(cli + init + model - 150 - random() * 400);
        counts.negativeRemainder++;
      } else if (quirk < 0.04) {
        delete props[pick(['cli_ready_ms', 'session_init_ms', 'model_first_token_ms'])];
        counts.missingParts++;
      }
      rows.push({ uuid: uuid(), event: 'run_finished', distinct_id: distinctId, timestamp: iso(at), properties: props });
      counts.runs++;
    }
  }
}

// The paired local A/B: one machine, the same prompt twice, a fresh session and a resumed one.
const pairLines = [];
for (let p = 0; p < pairs; p++) {
  const pairId = `pair-${String(p + 1).padStart(3, '0')}`;
  const at = end.getTime() - 2 * 86_400_000 + p * 120_000;
  const model = lognormal(5200, 0.25);
  const cli = lognormal(380, 0.2);
  for (const arm of ['fresh', 'resumed']) {
    const init = arm === 'fresh' ? lognormal(3300, 0.2) : lognormal(450, 0.3);
    const remainder = lognormal(250, 0.4);
    const props = {
      pair_id: pairId,
      arm,
      agent: 'claude_code',
      cli_ready_ms: Math.round(cli),
      session_init_ms: Math.round(init),
      model_first_token_ms: Math.round(model * lognormal(1, 0.05)),
      spawn_to_first_token_ms: Math.round(cli + init + model + remainder),
    };
    rows.push({ uuid: uuid(), event: 'local_ab_run', distinct_id: 'bench-machine-1', timestamp: iso(at + (arm === 'fresh' ? 0 : 60_000)), properties: props });
    pairLines.push(JSON.stringify({ ...props }));
    counts.localAbRuns++;
  }
}

rows.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.uuid < b.uuid ? -1 : 1));
const lines = rows.map((r) => JSON.stringify(r));
if (!values['no-malformed']) {
  // Malformed rows of the kinds real exports contain, at fixed positions so the output is stable.
  const bad = [
    '{"uuid":"trunc-1","event":"run_finished","distinct_id":"user-00001","timestamp":"2026-11-19T10:00:00Z","properties":{"agent":"cla',
    JSON.stringify({ uuid: 'bad-ts-1', event: 'run_finished', distinct_id: 'user-00002', timestamp: 'yesterday', properties: {} }),
    JSON.stringify({ uuid: 'no-id-1', event: 'run_finished', timestamp: '2026-11-19T11:00:00Z', properties: { agent: 'claude_code' } }),
    JSON.stringify({ uuid: 12345, event: 'run_finished', distinct_id: 'user-00003', timestamp: '2026-11-19T12:00:00Z', properties: {} }),
    '[1, 2, 3]',
  ];
  bad.forEach((line, i) => lines.splice(Math.floor(((i + 1) * lines.length) / (bad.length + 1)), 0, line));
  counts.malformed = bad.length;
  // One exact duplicate row (same uuid), as re-sent batches produce: ingestion collapses it.
  lines.splice(Math.floor(lines.length / 2), 0, lines[10]);
  counts.duplicates = 1;
}

const out = resolve(values.out);
await mkdir(out, { recursive: true });
if (formats.has('jsonl')) await writeFile(join(out, 'events.jsonl'), `${lines.join('\n')}\n`);
await writeFile(join(out, 'local-ab-pairs.jsonl'), `${pairLines.join('\n')}\n`);
if (formats.has('parquet')) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const staging = join(out, '.parquet-staging.jsonl');
  await writeFile(staging, `${rows.map((r) => JSON.stringify({ ...r, properties: JSON.stringify(r.properties) })).join('\n')}\n`);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const q = (s) => `'${s.replaceAll("'", "''")}'`;
  await conn.run(`copy (
      select uuid, event, distinct_id, epoch_us(timestamp::timestamptz) as timestamp, properties
      from read_json(${q(staging)}, format = 'newline_delimited',
        columns = {uuid: 'varchar', event: 'varchar', distinct_id: 'varchar', timestamp: 'varchar', properties: 'varchar'})
      order by timestamp, uuid
    ) to ${q(join(out, 'events.parquet'))} (format parquet)`);
  conn.closeSync();
  instance.closeSync();
  await rm(staging);
}
const manifest = { seed, users, days, end: end.toISOString(), pairs, flag: FLAG, metric: METRIC, rows: rows.length, ...counts };
await writeFile(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`generate-events: ${rows.length} events (+${counts.malformed} malformed, ${counts.duplicates} duplicate) -> ${out}\n`);
