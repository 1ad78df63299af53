#!/usr/bin/env node
// Benchmark: an experiment analysed end to end from a PostHog-style batch export, @rollgate/analysis
// (DuckDB) against a plain Node streaming implementation of the same computation, each in its own
// child process so memory is measured separately. Load and query phases are reported apart.
//
//   node scripts/bench/analysis-10m.mjs              # 10,000,000 events (the issue's figure)
//   node scripts/bench/analysis-10m.mjs --events 1000000   # a quick run
//
// Needs the build (`npm run build`): it imports packages/analysis/dist.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineLine, markdownTable, median, mib, fmt } from './bench-support.mjs';

const HELP = `Usage: node scripts/bench/analysis-10m.mjs [--events N] [--runs N] [--dir DIR] [--threads N]

Generates N events (seeded, by DuckDB) once into DIR as events.parquet (batch-export layout:
properties a JSON string, timestamp in microseconds) and the same rows as events.jsonl, then
analyses the experiment (flag fast-provisioning, metric setup_completed) twice: with
@rollgate/analysis over the Parquet file, as \`rollgate analyze\` does in memory (loadEvents
validating and counting every row but storing only the exposures and the metric event, each a
duplicate when any earlier valid row had its uuid, then analyzeExperiment), and with plain Node (a chunked line splitter + JSON.parse over
the JSON lines, the same validation, the same duplicate rule, first exposure,
multi-variant exclusion and conversion rule). Prints load and query seconds, peak RSS, the
ratio, and checks that both produced the same per-variant counts, duplicates, multi-variant
units and quarantined rows (exit 1 otherwise). With several runs the two implementations
alternate (DuckDB, plain Node, DuckDB, ...) and each figure is the median of its runs, so a
slow spell of a shared machine weighs on both sides alike.

Options:
  --events N    events to generate                   default 10000000
  --runs N      runs of each implementation          default 3
  --dir DIR     where the generated files are kept   default $TMPDIR/rollgate-bench-analysis
  --threads N   DuckDB threads                       default: all cores
  --full-load   DuckDB stores every event (what \`rollgate analyze --db\` does) instead of only
                the events the analysis reads
`;

const here = fileURLToPath(new URL('.', import.meta.url));
const analysisDist = join(here, '../../packages/analysis/dist/index.js');
const FLAG = 'fast-provisioning';
const METRIC = 'setup_completed';
const SEED = 20241120;

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    runs: { type: 'string', default: '3' },
    dir: { type: 'string', default: join(tmpdir(), 'rollgate-bench-analysis') },
    threads: { type: 'string' },
    'full-load': { type: 'boolean' },
    child: { type: 'string' },
    file: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

if (values.child === 'duckdb') await childDuckdb(values.file, values.threads, values['full-load'] === true);
else if (values.child === 'node') await childNode(values.file);
else await parent();

async function parent() {
  const n = Number(values.events);
  if (!Number.isInteger(n) || n < 1000) throw new Error(`--events must be an integer >= 1000, got ${values.events}`);
  // The generator version is part of the cache key, so a changed generator never reuses old files.
  const dir = join(values.dir, `v2-${n}`);
  mkdirSync(dir, { recursive: true });
  const parquet = join(dir, 'events.parquet');
  const jsonl = join(dir, 'events.jsonl');
  if (!existsSync(parquet) || !existsSync(jsonl)) {
    const t = performance.now();
    await generate(n, parquet, jsonl);
    process.stderr.write(`generated ${n} events in ${fmt((performance.now() - t) / 1000)} s\n`);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const duckRuns = [];
  const nodeRuns = [];
  for (let i = 0; i < runs; i++) {
    duckRuns.push(runChild('duckdb', parquet));
    nodeRuns.push(runChild('node', jsonl));
    process.stderr.write(`run ${i + 1}/${runs}: DuckDB ${fmt((duckRuns[i].loadMs + duckRuns[i].queryMs) / 1000, 2)} s, plain Node ${fmt((nodeRuns[i].loadMs + nodeRuns[i].queryMs) / 1000, 2)} s\n`);
  }
  const duck = medianRun(duckRuns);
  const node = medianRun(nodeRuns);
  const same = [...duckRuns, ...nodeRuns].every((r) => JSON.stringify(r.counts) === JSON.stringify(duck.counts));
  const total = (r) => r.loadMs + r.queryMs;
  const cpu = (r) => r.loadCpu + r.queryCpu;
  const row = (name, r, ratio) => [name, fmt(r.loadMs / 1000, 2), fmt(r.queryMs / 1000, 2), fmt(total(r) / 1000, 2), fmt(r.loadCpu, 2), fmt(r.queryCpu, 2), fmt(cpu(r), 2), mib(r.maxRssBytes), ratio];
  const duckName = values['full-load'] ? '@rollgate/analysis (DuckDB, Parquet, every event stored)' : '@rollgate/analysis (DuckDB, Parquet)';
  const rows = [
    row(duckName, duck, '1.0x'),
    row('plain Node streaming (line split + JSON.parse, JSONL)', node, `${fmt(total(node) / total(duck), 1)}x wall, ${fmt(cpu(node) / cpu(duck), 1)}x CPU`),
  ];
  console.log(`\n${n.toLocaleString('en-US')} events, ${runs === 1 ? 'one run' : `medians of ${runs} alternating runs`}; ${machineLine()}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine inflates wall times; CPU seconds are less sensitive to it)`);
  console.log(`input: ${mib(statSync(parquet).size)} MiB Parquet, ${mib(statSync(jsonl).size)} MiB JSON lines`);
  console.log(markdownTable(['implementation', 'load s', 'query s', 'total s', 'load CPU s', 'query CPU s', 'total CPU s', 'peak RSS MiB', 'plain Node / DuckDB'], rows));
  console.log(`\nend-to-end speed-up of @rollgate/analysis over plain Node: ${fmt(total(node) / total(duck), 1)}x wall (target >= 10x), ${fmt(cpu(node) / cpu(duck), 1)}x CPU; load ${fmt(node.loadMs / duck.loadMs, 1)}x, query ${fmt(node.queryMs / duck.queryMs, 1)}x wall`);
  const l = duck.load;
  console.log(`DuckDB load: ${l.inputRows.toLocaleString('en-US')} rows validated, ${l.added.toLocaleString('en-US')} stored, ${l.notStored.toLocaleString('en-US')} valid rows of other events not stored, ${l.duplicates.toLocaleString('en-US')} duplicates, ${l.quarantined.toLocaleString('en-US')} quarantined`);
  console.log(`per-variant counts identical: ${same ? 'yes' : 'NO'} ${JSON.stringify(duck.counts)}`);
  if (!same) {
    console.log(`plain Node counts: ${JSON.stringify(node.counts)}`);
    process.exitCode = 1;
  }
}

/** Each timing and memory figure the median of the runs (counts and load report from the first). */
function medianRun(results) {
  const of = (key) => median(results.map((r) => r[key]));
  return { ...results[0], loadMs: of('loadMs'), queryMs: of('queryMs'), loadCpu: of('loadCpu'), queryCpu: of('queryCpu'), maxRssBytes: of('maxRssBytes') };
}

function runChild(kind, file) {
  const args = [fileURLToPath(import.meta.url), '--child', kind, '--file', file];
  if (values.threads) args.push('--threads', values.threads);
  if (values['full-load']) args.push('--full-load');
  const res = spawnSync(process.execPath, ['--max-old-space-size=8192', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (res.status !== 0) throw new Error(`${kind} child failed (exit ${res.status})`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

/**
 * Seeded generation in DuckDB (hash-based, so the output does not depend on thread scheduling).
 * users = n / 10. Rows [0, users): one exposure per user (variant by hash); rows [users, n):
 * 6% setup_completed and 94% $pageview events of random users over 14 days. 0.5% of users get a
 * second exposure naming the other variant (excluded as multi-variant), 0.1% of rows repeat an
 * earlier uuid (a duplicate delivery).
 */
async function generate(n, parquet, jsonl) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const users = Math.max(10, Math.floor(n / 10));
  const start = Date.parse('2026-11-01T00:00:00Z') * 1000;
  await conn.run(`create table gen as
    with r as (
      select range as i, hash(range, ${SEED}) as h1, hash(range, ${SEED + 1}) as h2 from range(${n})
    )
    select
      printf('%016x%016x', hash(case when i >= ${users} and h2 % 1000 = 0 then i - 1 else i end, ${SEED + 3}), hash(case when i >= ${users} and h2 % 1000 = 0 then i - 1 else i end, ${SEED + 4})) as uuid,
      case
        when i < ${users} then '$feature_flag_called'
        when h1 % 1000 < 5 then '$feature_flag_called'
        when h1 % 100 < 6 then '${METRIC}'
        else '$pageview'
      end as event,
      'user-' || (case when i < ${users} then i else h2 % ${users} end)::varchar as distinct_id,
      make_timestamp(${start}::bigint + (case when i < ${users} then h1 % (7 * 86400000000) else h1 % (14 * 86400000000) end)::bigint) as timestamp,
      case
        when i < ${users} then '{"$feature_flag":"${FLAG}","$feature_flag_response":"' || (case when hash(i, ${SEED + 2}) % 2 = 0 then 'control' else 'test' end) || '","$lib":"posthog-node"}'
        when h1 % 1000 < 5 then '{"$feature_flag":"${FLAG}","$feature_flag_response":"' || (case when hash(h2 % ${users}, ${SEED + 2}) % 2 = 0 then 'test' else 'control' end) || '","$lib":"posthog-node"}'
        when h1 % 100 < 6 then '{"plan":"' || (case when h2 % 3 = 0 then 'pro' else 'free' end) || '","$lib":"posthog-node"}'
        else '{"$current_url":"https://app.example.com/p/' || (h2 % 5000)::varchar || '","$browser":"Chrome","$os":"Linux"}'
      end as properties,
      1 as team_id
    from r`);
  await conn.run(`copy (select * from gen order by timestamp) to '${parquet}' (format parquet, compression zstd)`);
  await conn.run(`copy (
      select uuid, event, distinct_id, strftime(timestamp, '%Y-%m-%dT%H:%M:%S.%fZ') as timestamp, properties::json as properties
      from read_parquet('${parquet}')
    ) to '${jsonl}' (format json)`);
  conn.closeSync();
  instance.closeSync();
}

async function childDuckdb(file, threads, fullLoad) {
  const { openDatabase, loadEvents, analyzeExperiment, experimentEvents } = await import(analysisDist);
  const metrics = [{ kind: 'conversion', event: METRIC }];
  const db = await openDatabase(undefined, threads ? { threads: Number(threads) } : {});
  const c0 = cpuSeconds();
  const t0 = performance.now();
  // What `rollgate analyze` does in memory: every row validated and counted, only the events the
  // analysis reads stored (and checked for an earlier valid row with their uuid).
  const report = await loadEvents(db, [file], fullLoad ? {} : { storeEvents: experimentEvents(metrics) });
  const t1 = performance.now();
  const c1 = cpuSeconds();
  const [result] = await analyzeExperiment(db, { flag: FLAG, metrics });
  const t2 = performance.now();
  const c2 = cpuSeconds();
  db.close();
  const counts = Object.fromEntries(result.variants.map((v) => [v.variant, [v.units, v.conversions]]));
  counts.multiVariantUnits = result.excluded.multiVariantUnits;
  counts.duplicates = report.duplicates;
  counts.quarantined = report.quarantined;
  const load = { inputRows: report.inputRows, added: report.added, notStored: report.notStored, duplicates: report.duplicates, quarantined: report.quarantined };
  console.log(JSON.stringify({ loadMs: t1 - t0, queryMs: t2 - t1, loadCpu: c1 - c0, queryCpu: c2 - c1, maxRssBytes: process.resourceUsage().maxRSS * 1024, counts, load }));
}

/** CPU seconds used by this process so far, all threads (DuckDB's workers included). */
function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * The lines of a text file in batches (one per 1 MiB chunk), split with indexOf: about half the CPU
 * of node:readline, and one await per chunk rather than per line, so the baseline is not slowed by
 * its line reader (the comparison stays honest). The utf8 stream decoder keeps multi-byte
 * characters split across chunks whole.
 */
async function* lineBatches(file) {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + chunk;
    const lines = [];
    let start = 0;
    let end;
    while ((end = text.indexOf('\n', start)) !== -1) {
      lines.push(text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
    yield lines;
  }
  if (rest !== '') yield [rest];
}

/**
 * The same computation in plain Node, streaming the JSON lines once: validate each row like
 * loadEvents (quarantining the bad ones), collapse duplicate uuids (the first valid row of a uuid
 * wins, whatever its event; repeats counted among the exposures and metric events, as loadEvents
 * does when it stores only those), keep per unit its
 * exposures' first time and variants, and per unit its metric event times; then the query phase
 * derives the first exposure, excludes multi-variant units and counts conversions.
 */
async function childNode(file) {
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const seen = new Set();
  const exposures = new Map(); // unit -> { first: ms, variant: string, multi: boolean }
  const metricTimes = new Map(); // unit -> number[]
  let duplicates = 0;
  let quarantined = 0;
  for await (const batch of lineBatches(file)) for (const raw of batch) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    let row;
    try {
      row = JSON.parse(line);
    } catch {
      quarantined++;
      continue;
    }
    if (row === null || typeof row !== 'object' || typeof row.uuid !== 'string' || row.uuid === '' || typeof row.event !== 'string' || row.event === '' || typeof row.distinct_id !== 'string' || row.distinct_id === '' || typeof row.timestamp !== 'string') {
      quarantined++;
      continue;
    }
    const ts = Date.parse(row.timestamp);
    let props = row.properties ?? {};
    if (typeof props === 'string') {
      try {
        props = JSON.parse(props);
      } catch {
        props = null;
      }
    }
    if (Number.isNaN(ts) || props === null || typeof props !== 'object' || Array.isArray(props)) {
      quarantined++;
      continue;
    }
    if (seen.has(row.uuid)) {
      // Counted as loadEvents counts them in a load that stores only these events.
      if (row.event === '$feature_flag_called' || row.event === METRIC) duplicates++;
      continue;
    }
    seen.add(row.uuid);
    const unit = row.distinct_id;
    if (row.event === '$feature_flag_called' && props.$feature_flag === FLAG && props.$feature_flag_response != null) {
      const variant = String(props.$feature_flag_response);
      const e = exposures.get(unit);
      if (e === undefined) exposures.set(unit, { first: ts, variant, multi: false });
      else {
        if (e.variant !== variant) e.multi = true;
        if (ts < e.first) e.first = ts;
      }
    } else if (row.event === METRIC) {
      const list = metricTimes.get(unit);
      if (list === undefined) metricTimes.set(unit, [ts]);
      else list.push(ts);
    }
  }
  const t1 = performance.now();
  const c1 = cpuSeconds();
  const counts = {};
  let multiVariantUnits = 0;
  for (const [unit, e] of exposures) {
    if (e.multi) {
      multiVariantUnits++;
      continue;
    }
    const c = (counts[e.variant] ??= [0, 0]);
    c[0]++;
    const times = metricTimes.get(unit);
    if (times !== undefined && times.some((t) => t >= e.first)) c[1]++;
  }
  const t2 = performance.now();
  const c2 = cpuSeconds();
  const sorted = Object.fromEntries(Object.keys(counts).sort().map((k) => [k, counts[k]]));
  sorted.multiVariantUnits = multiVariantUnits;
  sorted.duplicates = duplicates;
  sorted.quarantined = quarantined;
  console.log(JSON.stringify({ loadMs: t1 - t0, queryMs: t2 - t1, loadCpu: c1 - c0, queryCpu: c2 - c1, maxRssBytes: process.resourceUsage().maxRSS * 1024, counts: sorted }));
}
