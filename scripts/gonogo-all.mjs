#!/usr/bin/env node
// Go/no-go over a folder of plans: loads the export once, evaluates every plan, prints one line per
// plan, writes each report, and exits with the worst outcome. Runs on the built packages
// (npm run build first).
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const HELP = `Usage: node scripts/gonogo-all.mjs --plans DIR --events FILE... [options]

Evaluates every *.yaml, *.yml and *.json plan in DIR against the same events (loaded once).

Options:
  --plans DIR        folder of plans                                   default scripts/plans
  --events FILE...   event exports (repeat, or list files after it)    required
  --as-of TIME       reference time for relative windows (ISO-8601)    default: per plan, the
                     latest event of its population in the data; a time without an offset is UTC
  --format FORMAT    report format: table | json | markdown | html     default markdown
  --out-dir DIR      write one report per plan (<plan>.<ext>)          default: none
  -h, --help

Exit code: 2 if any plan is invalid or an input unreadable; else 1 if any plan is NO_GO;
else 3 if any is INCONCLUSIVE; else 0 (every plan GO).

Example:
  node scripts/generate-events.mjs --out /tmp/export
  node scripts/gonogo-all.mjs --plans scripts/plans --events /tmp/export/events.jsonl --out-dir /tmp/reports
`;

const { values, positionals } = parseArgs({
  options: {
    plans: { type: 'string', default: 'scripts/plans' },
    events: { type: 'string', multiple: true },
    'as-of': { type: 'string' },
    format: { type: 'string', default: 'markdown' },
    'out-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: true,
  strict: true,
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const fail = (message) => {
  process.stderr.write(`gonogo-all: ${message}\n`);
  process.exit(2);
};
const events = [...(values.events ?? []), ...positionals].map((f) => resolve(f));
if (events.length === 0) fail('--events FILE... is required (see --help)');
const extensions = { table: 'txt', json: 'json', markdown: 'md', html: 'html' };
if (!(values.format in extensions)) fail(`--format must be one of ${Object.keys(extensions).join(', ')}`);
const analysis = await import('@rollgate/analysis');
let asOf;
let asOfMicros = 0;
if (values['as-of'] !== undefined) {
  // UTC when it names no offset, as rollgate gonogo reads it: the verdict must not depend on the
  // machine's time zone; to the microsecond, as event timestamps and the report's as-of are.
  const instant = analysis.parseUtcInstantMicros(values['as-of']);
  asOf = instant?.date;
  asOfMicros = instant?.micros ?? 0;
  if (asOf === undefined) fail(`--as-of must be an ISO-8601 time such as 2026-11-20T00:00:00Z, UTC unless it names an offset (got "${values['as-of']}")`);
}
const plansDir = resolve(values.plans);
let files;
try {
  files = (await readdir(plansDir)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
} catch (err) {
  fail(`--plans: cannot read ${plansDir}: ${err.message}`);
}
if (files.length === 0) fail(`no *.yaml, *.yml or *.json plans in ${plansDir}`);

const db = await analysis.openDatabase();
let report;
try {
  report = await analysis.loadEvents(db, events);
} catch (err) {
  db.close();
  fail(`--events: ${err.message}`);
}
process.stderr.write(`gonogo-all: ${report.added} events loaded, ${report.quarantined} quarantined\n`);
if (values['out-dir']) await mkdir(resolve(values['out-dir']), { recursive: true });

const rows = [['plan', 'type', 'verdict', 'why']];
const verdicts = [];
for (const file of files) {
  const path = join(plansDir, file);
  try {
    const plan = await analysis.loadPlanFile(path);
    const outcome = await analysis.evaluatePlan(plan, { db, asOf, asOfMicros, baseDir: dirname(path), quarantined: report.quarantineReasons });
    verdicts.push(outcome.verdict);
    rows.push([file, plan.type, outcome.verdict, outcome.reasons[0] ?? '']);
    if (values['out-dir']) {
      const out = join(resolve(values['out-dir']), `${file.replace(/\.(ya?ml|json)$/, '')}.${extensions[values.format]}`);
      await writeFile(out, analysis.renderOutcome(outcome, values.format));
    }
  } catch (err) {
    verdicts.push('INVALID');
    rows.push([file, '?', 'INVALID', err instanceof analysis.PlanError ? err.message.split('\n')[0] : String(err.message ?? err)]);
  }
}
db.close();
process.stdout.write(`${analysis.alignColumns(rows)}\n`);
const code = verdicts.includes('INVALID') ? 2 : verdicts.includes('NO_GO') ? 1 : verdicts.includes('INCONCLUSIVE') ? 3 : 0;
process.exit(code);
