// `rollgate shadow-report`: what a shadow comparison log says about two flag sources agreeing.
import { AnalysisError, alignColumns, confidenceLabel, readShadowLogs, SHADOW_VERDICTS, showSide, type Agreement, type ShadowLogSummary } from '@rollgate/analysis';
import { InputError } from '../errors/input-error.js';
import { UsageError } from '../errors/usage-error.js';
import { type Io, writeWithBackpressure } from '../io.js';
import { parseOptions } from '../parse-options.js';
import { resolveInputPath } from '../read-input.js';

export const help = `Usage: rollgate shadow-report LOG... [options]

Summarises shadow comparison logs (JSON lines written by the server provider's ShadowProvider;
.gz files are read too): counts per verdict and per flag, the agreement rate with a Wilson
interval, the last divergences, and the context attribute that best separates divergent from
agreeing comparisons when one stands out. Bad lines are counted by reason and shown with their
line numbers; they never stop the report.

Verdicts: AGREE, DIVERGE, SHADOW_EMPTY (the compared source lacks the flag), PRIMARY_EMPTY (the
answering source lacks it), SHADOW_ERROR (the compared source threw, timed out or was not ready).
Agreement = AGREE / all comparisons. Separation compares DIVERGE, SHADOW_EMPTY and PRIMARY_EMPTY
with AGREE over the attributes the provider was told to log (\`attributes\`). An attribute
"stands out" when its information gain is at least 1.5x the runner-up's and the Wilson interval
of its most divergent value's rate lies wholly above the interval of all its other values.

Arguments:
  LOG...                 one or more logs, in order (rotated files: oldest first)

Options:
  --format FORMAT        table | json                                             default table
  --last N               how many recent divergences to list                      default 10
  --flag KEY             only this flag (repeat for several)
  --mode MODE            only comparisons made in mode shadow or route            default both
  --min-support N        attribute values with fewer comparisons are pooled       default 30
  --level P              interval level                                           default 0.95
  -h, --help             show this help

Exit codes:
  0  the report was printed (whatever it says: use \`rollgate gonogo\` with a cutover plan to decide)
  2  bad usage, or a log that cannot be read

Examples:
  rollgate shadow-report /var/log/runner/shadow.jsonl
  rollgate shadow-report shadow.jsonl.1.gz shadow.jsonl --last 20 --format json
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('shadow-report', argv, {
    format: { type: 'string', default: 'table' },
    last: { type: 'string', default: '10' },
    flag: { type: 'string', multiple: true },
    mode: { type: 'string' },
    'min-support': { type: 'string', default: '30' },
    level: { type: 'string', default: '0.95' },
  });
  if (positionals.length === 0) throw new UsageError('missing LOG (a shadow comparison log)', 'shadow-report');
  if (values.format !== 'table' && values.format !== 'json') throw new UsageError(`--format must be table or json (got "${values.format}")`, 'shadow-report');
  const lastN = integerOption('--last', values.last, 0);
  const minSupport = integerOption('--min-support', values['min-support'], 1);
  const level = Number(values.level);
  if (!(level > 0 && level < 1)) throw new UsageError(`--level must be a number between 0 and 1 (got "${values.level}")`, 'shadow-report');
  if (values.mode !== undefined && values.mode !== 'shadow' && values.mode !== 'route') throw new UsageError(`--mode must be shadow or route (got "${values.mode}")`, 'shadow-report');
  const files = positionals.map((f) => resolveInputPath(io, f));
  let summary: ShadowLogSummary;
  try {
    summary = await readShadowLogs(files, { lastN, minSupport, level, flags: values.flag, mode: values.mode as 'shadow' | 'route' | undefined });
  } catch (err) {
    if (err instanceof AnalysisError) throw new InputError(err.code, err.message);
    throw err;
  }
  const text = values.format === 'json' ? `${JSON.stringify(toJson(summary), null, 2)}\n` : renderTable(summary);
  await writeWithBackpressure(io.stdout, text);
  return 0;
}

function integerOption(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer >= ${min} (got "${text}")`, 'shadow-report');
  return n;
}

/** JSON output: the summary with attribute values as they were logged (not JSON text) and no Map. */
function toJson(s: ShadowLogSummary): unknown {
  return {
    ...s,
    lastDivergences: s.lastDivergences.map((d) => ({ ...d, attributes: Object.fromEntries([...d.attributes].map(([k, v]) => [k, JSON.parse(v) as unknown])) })),
    separating: {
      ...s.separating,
      standsOut: s.separating.standsOut && { ...s.separating.standsOut, value: safeParse(s.separating.standsOut.value) },
      ranking: s.separating.ranking.map((r) => ({ ...r, value: safeParse(r.value) })),
    },
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const pct = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(2)}%`);
const interval = (a: Agreement): string => (a.interval === null ? '' : `${pct(a.interval[0])} - ${pct(a.interval[1])}`);

function renderTable(s: ShadowLogSummary): string {
  const out: string[] = [];
  const level = confidenceLabel(s.level);
  out.push(`Shadow report: ${s.files.join(', ')}`);
  out.push(`${s.lines} lines, ${s.agreement.n} comparisons${s.filteredOut > 0 ? `, ${s.filteredOut} outside the filters` : ''}, ${s.bad.count} bad line(s)${s.from ? `; ${s.from} .. ${s.to}` : ''}`);
  if (s.bad.count > 0) {
    out.push(`  bad lines by reason: ${Object.entries(s.bad.byReason).map(([r, c]) => `${r} ${c}`).join(', ')}`);
    for (const example of s.bad.examples) out.push(`  ${example}`);
  }
  out.push('');
  out.push(`Agreement ${pct(s.agreement.rate)} (${level} Wilson ${interval(s.agreement)}) over ${s.agreement.n} comparisons`);
  out.push('');
  const verdictRows: (string | number)[][] = [['verdict', 'count', 'share']];
  for (const v of SHADOW_VERDICTS) verdictRows.push([v, s.verdicts[v], pct(s.agreement.n === 0 ? null : s.verdicts[v] / s.agreement.n)]);
  out.push(alignColumns(verdictRows.map((r) => r.map(String))));
  out.push('');
  out.push('Per flag (worst agreement first)');
  const flagRows: string[][] = [['flag', 'n', ...SHADOW_VERDICTS, 'agreement', `${level} Wilson`]];
  for (const f of s.flags) flagRows.push([f.flag, String(f.agreement.n), ...SHADOW_VERDICTS.map((v) => String(f.verdicts[v])), pct(f.agreement.rate), interval(f.agreement)]);
  out.push(flagRows.length > 1 ? alignColumns(flagRows) : '  (no comparisons)');
  out.push('');
  const sep = s.separating.standsOut;
  if (sep) {
    out.push(`Separating attribute: ${sep.attribute} stands out (information gain ${sep.gainBits.toPrecision(3)} bits)`);
    out.push(`  ${sep.attribute}=${sep.value}: ${pct(sep.valueRate)} divergent of ${sep.valueN} (${level} ${pct(sep.valueInterval[0])} - ${pct(sep.valueInterval[1])})`);
    out.push(`  other values: ${pct(sep.restRate)} divergent of ${sep.restN} (${level} ${pct(sep.restInterval[0])} - ${pct(sep.restInterval[1])})`);
  } else {
    out.push(`Separating attribute: none stands out (${s.separating.note})`);
  }
  if (s.separating.ranking.length > 1 || (s.separating.ranking.length === 1 && !sep)) {
    out.push(`  ranking: ${s.separating.ranking.slice(0, 5).map((r) => `${r.attribute} ${r.gainBits.toPrecision(3)} bits`).join(', ')}`);
  }
  out.push('');
  out.push(`Last ${s.lastDivergences.length} divergence(s)`);
  if (s.lastDivergences.length > 0) {
    const rows: string[][] = [['time', 'flag', 'key', 'verdict', 'answered', 'compared']];
    for (const d of s.lastDivergences) rows.push([d.time, d.flag, d.key ?? '-', d.verdict, showSide(d.primary), showSide(d.shadow)]);
    out.push(alignColumns(rows));
  }
  return `${out.join('\n')}\n`;
}
