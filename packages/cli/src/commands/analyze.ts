// `rollgate analyze`: per-variant experiment results from exported events.
import {
  AnalysisError,
  analyzeExperiment,
  experimentEvents,
  loadEvents,
  openDatabase,
  type AnalysisDb,
  type Correction,
  type LoadReport,
  type MetricSpec,
} from '@rollgate/analysis';
import { formatMarkdown, formatTable } from '../analyze/format-result.js';
import { parseWeights } from '../analyze/parse-weights.js';
import { parseWindow } from '../analyze/parse-window.js';
import { progressReporter } from '../analyze/progress-reporter.js';
import { ExitCode } from '../errors/cli-error.js';
import { InputError } from '../errors/input-error.js';
import { UsageError } from '../errors/usage-error.js';
import { type Io, writeWithBackpressure } from '../io.js';
import { parseOptions } from '../parse-options.js';
import { resolveInputPath } from '../read-input.js';

export const help = `Usage: rollgate analyze --events FILE... --flag KEY --metric EVENT [options]

Loads exported events into DuckDB and prints, per variant against the control: exposed units,
conversions, the rate with a Wilson interval, the absolute lift (unpooled Wald interval), the
relative lift (delta-method interval), the two-sided p-value of the POOLED two-proportion z-test,
the Holm/BH-adjusted p-value and the chance to beat control (exact, Beta(1,1) priors). Also the
sample-ratio-mismatch test (chi-square against --weights), the units excluded for being seen in
more than one variant, and the input rows set aside in quarantine, by reason.

A unit is exposed at its first $feature_flag_called event for the flag (variant =
$feature_flag_response) and converts when it does EVENT at or after that moment, within --window.

Options:
  --events FILE...        event exports: PostHog Parquet / JSON lines / CSV, Rollgate exposure
                          JSON lines; several files and globs ("exports/*.parquet")   required
  --flag KEY              the flag key                                                 required
  --metric EVENT          the metric event; repeat for several metrics                 required
  --control VARIANT       the control variant            default "control", else the first of --weights
  --weights V=W,...       configured traffic, e.g. control=50,test=50   default equal weights
  --unit PROP             an event property as the unit (e.g. orgId)     default distinct_id
  --window DURATION       conversion window after exposure: 30m, 12h, 7d, 2w      default none
  --value PROP            continuous metric: a numeric property of EVENT, per unit --aggregate
  --aggregate sum|mean    per-unit sum (0 without events) or mean (units with a value) default sum
  --denominator EVENT     ratio metric: sum(X)/sum(Y) over units; X = EVENT (count, or --value),
  --denominator-value P   Y = the denominator event (count, or the sum of this property)
  --confidence LEVEL      interval level, 0.95 or 95                              default 0.95
  --correction METHOD     holm | bh | none, across all metric x variant comparisons default holm
  --format FORMAT         table | json | markdown                                 default table
  --db FILE               keep the loaded events in a DuckDB file (reused on the next run;
                          duplicate uuids are not loaded twice; every event is stored)
                          default in memory, storing only the exposures and the metric
                          events (every row is still validated and counted; a stored
                          row is dropped when any earlier valid row had its uuid)
  --progress              show load progress on stderr even when it is not a terminal
  -h, --help

With --format json and one metric the output is one object:
  {"flag","metric","control","srm":{"chi2","pValue",...},"excluded":{...},"quarantined":{...},
   "variants":[{"variant","units","conversions","rate","rateCI":[lo,hi],"absoluteLift",
   "absoluteLiftCI","relativeLift","relativeLiftCI","pValue","chanceToBeatControl",...}], ...}
(lift fields on non-control variants; rates, lifts and interval bounds as fractions, not
percentages; null where undefined). With several metrics: an array of such objects.

Exit codes: 0 ok; 2 bad input or usage (unreadable file, unknown flag, bad option).

Examples:
  rollgate analyze --events exports/*.parquet --flag new-checkout --metric purchase \\
    --weights control=50,test=50 --window 7d
  rollgate analyze --events events.jsonl exposures.jsonl --flag new-checkout --metric purchase \\
    --value revenue --aggregate sum --format json
`;

const FORMATS = ['table', 'json', 'markdown'] as const;
const CORRECTIONS: readonly Correction[] = ['holm', 'bh', 'none'];

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('analyze', argv, {
    events: { type: 'string', multiple: true },
    flag: { type: 'string' },
    metric: { type: 'string', multiple: true },
    control: { type: 'string' },
    weights: { type: 'string' },
    unit: { type: 'string' },
    window: { type: 'string' },
    value: { type: 'string' },
    aggregate: { type: 'string' },
    denominator: { type: 'string' },
    'denominator-value': { type: 'string' },
    confidence: { type: 'string' },
    correction: { type: 'string' },
    format: { type: 'string' },
    db: { type: 'string' },
    progress: { type: 'boolean' },
  });
  // `--events a.parquet b.parquet`: the shell leaves the files after the first as positionals.
  const files = [...(values.events ?? []), ...positionals];
  if (files.length === 0) throw new UsageError('give the event exports with --events FILE...', 'analyze');
  if (values.flag === undefined || values.flag === '') throw new UsageError('give the flag with --flag KEY', 'analyze');
  const metricEvents = values.metric ?? [];
  if (metricEvents.length === 0) throw new UsageError('give the metric event with --metric EVENT', 'analyze');
  const format = values.format ?? 'table';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`, 'analyze');
  const correction = (values.correction ?? 'holm') as Correction;
  if (!CORRECTIONS.includes(correction)) throw new UsageError(`--correction must be one of ${CORRECTIONS.join(', ')}, got "${values.correction}"`, 'analyze');
  const aggregate = values.aggregate ?? 'sum';
  if (aggregate !== 'sum' && aggregate !== 'mean') throw new UsageError(`--aggregate must be sum or mean, got "${aggregate}"`, 'analyze');
  if (values.aggregate !== undefined && values.value === undefined) throw new UsageError('--aggregate needs --value PROP', 'analyze');
  if (values['denominator-value'] !== undefined && values.denominator === undefined) throw new UsageError('--denominator-value needs --denominator EVENT', 'analyze');
  const metrics: MetricSpec[] = metricEvents.map((event) => {
    if (values.denominator !== undefined) {
      return { kind: 'ratio', event, property: values.value, denominatorEvent: values.denominator, denominatorProperty: values['denominator-value'] };
    }
    if (values.value !== undefined) return { kind: 'continuous', event, property: values.value, aggregate };
    return { kind: 'conversion', event };
  });

  const db = await open(io, values.db);
  try {
    // In memory, only the events the analysis reads are stored; a --db file keeps everything
    // for later queries.
    const storeEvents = values.db === undefined ? experimentEvents(metrics) : undefined;
    const load = await loadWithProgress(io, db, files, storeEvents, values.progress === true);
    const weights = values.weights === undefined ? undefined : parseWeights(values.weights, 'analyze');
    const results = await analyzeExperiment(db, {
      flag: values.flag,
      metrics,
      // Without --control: 'control' when there is one, else the first variant of --weights as
      // written (the weights object alone would put integer-like names first).
      control: values.control ?? (weights !== undefined && !Object.hasOwn(weights.weights, 'control') ? weights.order[0] : undefined),
      weights: weights?.weights,
      unit: values.unit ?? '',
      windowSeconds: values.window === undefined ? 0 : parseWindow(values.window, 'analyze'),
      confidence: values.confidence === undefined ? 0.95 : parseConfidence(values.confidence),
      correction,
    });
    let text: string;
    if (format === 'json') text = `${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`;
    else if (format === 'markdown') text = formatMarkdown(results, load);
    else text = formatTable(results, load);
    await writeWithBackpressure(io.stdout, text);
    return ExitCode.OK;
  } catch (err) {
    if (err instanceof AnalysisError) throw new InputError(err.code, err.message);
    throw err;
  } finally {
    db.close();
  }
}

async function open(io: Io, dbPath: string | undefined): Promise<AnalysisDb> {
  try {
    return await openDatabase(dbPath === undefined ? undefined : resolveInputPath(io, dbPath));
  } catch (err) {
    throw new InputError('DATABASE', `--db: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function loadWithProgress(io: Io, db: AnalysisDb, files: string[], storeEvents: readonly string[] | undefined, force: boolean): Promise<LoadReport> {
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const reporter = tty || force ? progressReporter(io.stderr, force ? 0 : 1000) : undefined;
  try {
    return await loadEvents(db, files.map((f) => resolveInputPath(io, f)), {
      storeEvents,
      onProgress: reporter ? (p) => reporter.onProgress(p) : undefined,
    });
  } catch (err) {
    if (err instanceof AnalysisError) throw new InputError(err.code, `--events: ${err.message}`);
    throw err;
  } finally {
    reporter?.done();
  }
}

/**
 * A level as a fraction (0.95) or a percentage (95); decimal only. Below one half is refused:
 * '1.5' or '0.2' is a slip for 0.95 or 95, not a wish for a 1.5% or 20% interval.
 */
function parseConfidence(text: string): number {
  const value = /^\s*\d+(?:\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  const level = value > 1 && value < 100 ? value / 100 : value;
  if (!(level >= 0.5 && level < 1)) throw new UsageError(`--confidence must be between 0.5 and 1 (or 50 and 100), got "${text}"`, 'analyze');
  return level;
}
