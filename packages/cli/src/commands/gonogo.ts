// `rollgate gonogo`: evaluates a pre-registered plan against exported events and prints the verdict.
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AnalysisError, evaluatePlan, getPlanType, loadPlanFile, openDatabase, parseUtcInstantMicros, PlanError, REPORT_FORMATS, renderOutcome, verdictExitCode, type ReportFormat } from '@rollgate/analysis';
import { describeLoad, openEvents } from '../analysis-input/open-events.js';
import { InputError } from '../errors/input-error.js';
import { UsageError } from '../errors/usage-error.js';
import { type Io, writeWithBackpressure } from '../io.js';
import { parseOptions } from '../parse-options.js';
import { resolveInputPath } from '../read-input.js';

export const help = `Usage: rollgate gonogo PLAN --events FILE... [options]
       rollgate gonogo CUTOVER_PLAN --shadow-log LOG... [options]

Evaluates a pre-registered go/no-go plan (YAML or JSON) against exported events and prints
GO, NO_GO or INCONCLUSIVE with every reason: each threshold with the observed value and its
interval, the sample sizes, the guardrails, the local A/B, and what was excluded and why.

Arguments:
  PLAN                   the plan file (types: latency, experiment, cutover, and any registered type)

Options:
  --events FILE...       event exports (PostHog Parquet, JSON lines, CSV); repeat the option
                         or list several files after it (shell globs work)
                         required by plan types that read events (latency, experiment)
  --shadow-log LOG       shadow comparison logs (JSON lines, .gz too) for a cutover plan;
                         repeat for rotated files. Overrides the plan's input.shadowLog
  --as-of TIME           reference time for relative windows such as "last: 7d" (ISO-8601).
                         Default: the plan's population.asOf, else the latest event of the
                         plan's event in the data -- never the wall clock, so the same
                         export and plan always give the same verdict
  --format FORMAT        table | json | markdown | html                              default table
  --out FILE             write the report to FILE; stdout then gets the one-line verdict
  --db FILE              keep the loaded events in a DuckDB file (default: in memory, where
                         an experiment plan stores only its exposures and metric events;
                         a database file gets every event)
  -h, --help             show this help

Exit codes:
  0  GO
  1  NO_GO
  3  INCONCLUSIVE (insufficient samples, an interval straddling a threshold, required
     evidence missing, an unsettled guardrail: never a silent GO)
  2  bad input or usage (unreadable or invalid plan -- each problem as file:line:column --,
     unreadable events, unknown option)

Examples:
  rollgate gonogo scripts/plans/session-init-share.yaml --events export/*.jsonl
  rollgate gonogo plan.yaml --events events.parquet --as-of 2026-11-20T00:00:00Z \\
    --format html --out report.html
  rollgate gonogo scripts/plans/coordinator-cutover.yaml --shadow-log /var/log/runner/shadow.jsonl
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('gonogo', argv, {
    events: { type: 'string', multiple: true },
    'shadow-log': { type: 'string', multiple: true },
    'as-of': { type: 'string' },
    format: { type: 'string', default: 'table' },
    out: { type: 'string' },
    db: { type: 'string' },
  });
  const [planArg, ...extraFiles] = positionals;
  if (planArg === undefined) throw new UsageError('missing PLAN (the plan file)', 'gonogo');
  const eventFiles = [...(values.events ?? []), ...extraFiles];
  // Whether --events is needed depends on the plan's type (checked once the plan is read).
  const shadowLogs = (values['shadow-log'] ?? []).map((f) => resolveInputPath(io, f));
  const format = values.format as ReportFormat;
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')} (got "${values.format}")`, 'gonogo');
  let asOf: Date | undefined;
  let asOfMicros = 0;
  if (values['as-of'] !== undefined) {
    // (UTC when it names no offset: the verdict must not depend on the machine's time zone; to the
    // microsecond, as event timestamps and the report's as-of are)
    const instant = parseUtcInstantMicros(values['as-of']);
    asOf = instant?.date;
    asOfMicros = instant?.micros ?? 0;
    if (asOf === undefined) throw new UsageError(`--as-of must be an ISO-8601 time such as 2026-11-20T00:00:00Z, UTC unless it names an offset (got "${values['as-of']}")`, 'gonogo');
  }
  const planPath = resolveInputPath(io, planArg);
  let plan;
  try {
    plan = await loadPlanFile(planPath);
  } catch (err) {
    if (err instanceof PlanError) throw new InputError('INVALID_PLAN', `invalid plan (${err.issues.length} problem${err.issues.length === 1 ? '' : 's'}):\n${err.message}`);
    throw err;
  }
  const planType = getPlanType(plan.type);
  const readsEvents = (planType?.inputs ?? ['events']).includes('events');
  if (readsEvents && (values.events ?? []).length === 0) throw new UsageError(`missing --events FILE... (a ${plan.type} plan reads exported events)`, 'gonogo');
  // A plan that reads no events (cutover) still gets a database, an empty in-memory one.
  // Without --db, only the events the plan reads are stored (when its type names them: an
  // experiment plan does; a latency plan counts back from its latest event, so it gets all).
  const { db, report } = readsEvents ? await openEvents(io, eventFiles, values.db, planType?.eventsRead?.(plan)) : { db: await openDatabase(), report: undefined };
  try {
    if (report !== undefined) io.stderr.write(`rollgate gonogo: ${describeLoad(report)}\n`);
    let outcome;
    try {
      outcome = await evaluatePlan(plan, { db, asOf, asOfMicros, baseDir: dirname(planPath), quarantined: report?.quarantineReasons, shadowLogs });
    } catch (err) {
      if (err instanceof AnalysisError) throw new InputError(err.code, err.message);
      throw err;
    }
    const text = renderOutcome(outcome, format);
    if (values.out !== undefined) {
      const outPath = resolveInputPath(io, values.out);
      try {
        await writeFile(outPath, text);
      } catch (err) {
        throw new InputError('FILE_UNWRITABLE', `--out: cannot write ${outPath}: ${(err as Error).message}`);
      }
      await writeWithBackpressure(io.stdout, `${outcome.verdict} ${outcome.plan.name} (report: ${outPath})\n`);
    } else {
      await writeWithBackpressure(io.stdout, text);
    }
    return verdictExitCode(outcome.verdict);
  } finally {
    db.close();
  }
}
