// `rollgate diff`: preview a definitions change over a population of contexts, with no side effects.
import { access } from 'node:fs/promises';
import { compileFlagdWithRollout, createChangePreview, parseJson, staticWarnings, type ChangeSample, type FlagPreview, type PreviewReport } from '@rollgate/core';
import { ExitCode } from '../errors/cli-error.js';
import { InputError } from '../errors/input-error.js';
import { UsageError } from '../errors/usage-error.js';
import { formatIssues } from '../format-issues.js';
import type { Io } from '../io.js';
import { parseOptions } from '../parse-options.js';
import { readTextInput, resolveInputPath } from '../read-input.js';
import { openContexts, readContexts, type BadLine } from '../rollout/read-contexts.js';

export const help = `Usage: rollgate diff OLD NEW --contexts FILE.jsonl [--format table|json] [--sample N]

Dry run of a definitions change: evaluates every flag of the OLD and the NEW flagd document for
every context in FILE.jsonl (one JSON object per line, e.g. {"targetingKey":"user-1","orgId":"acme"})
with one fixed clock, and reports per flag how many contexts change value or variant, who gains
and who loses access, the variant transitions and a sample of the contexts that change. Nothing is
written and no exposure is recorded.

Warnings:
  access-removed        a ramp-down, a kill or an allowlist removal, and how many lose access
  rebucket              a running split re-buckets: rollout salt or bucketBy changed; fractional
                        variant order or bucketing expression changed
  reallocation          fractional weights changed: contexts move between arms
  removed-but-required  a flag is removed while another still requires it
  prerequisite-dropped  a child no longer requires a removed parent (it is no longer gated)

Options:
  --contexts FILE   The population, JSON lines ("-" for stdin). Required. Bad lines are counted
                    and listed by line number, never silently dropped.
  --format F        table (default) or json (the same report, one JSON object).
  --sample N        Changed contexts shown per flag (default 5).
  -h, --help        Show this help.

Exit codes: 0 no warnings; 1 warnings (review them); 2 bad input (including a NEW document that
would not load, whose problems are listed with the warnings that explain them).

Example:
  rollgate diff rollout.flagd.json next.flagd.json --contexts population.jsonl
`;

const options = {
  contexts: { type: 'string' },
  format: { type: 'string' },
  sample: { type: 'string' },
} as const;

async function loadSide(io: Io, file: string, what: string): Promise<unknown> {
  const text = await readTextInput(io, file, what);
  const parsed = parseJson(text);
  if (!parsed.ok) throw new InputError('INVALID_JSON', `${what}: ${file} is not valid JSON:\n${formatIssues(parsed.error)}`);
  return parsed.value;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('diff', argv, options);
  const [oldFile, newFile, ...extra] = positionals;
  if (oldFile === undefined || newFile === undefined) throw new UsageError('give OLD and NEW definitions files', 'diff');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, 'diff');
  if (values.contexts === undefined) throw new UsageError('--contexts FILE.jsonl is required (the population to evaluate)', 'diff');
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json (got "${format}")`, 'diff');
  const sampleSize = values.sample === undefined ? 5 : Number(values.sample);
  if (!Number.isInteger(sampleSize) || sampleSize < 0) throw new UsageError(`--sample must be a whole number (got "${values.sample}")`, 'diff');

  const oldJson = await loadSide(io, oldFile, 'OLD');
  const newJson = await loadSide(io, newFile, 'NEW');
  const oldDoc = compileFlagdWithRollout(oldJson);
  if (!oldDoc.ok) throw new InputError('INVALID_DEFINITIONS', `OLD: ${oldFile} is not a valid flagd document:\n${formatIssues(oldDoc.error)}`);
  const newDoc = compileFlagdWithRollout(newJson);
  if (!newDoc.ok) {
    const warnings = staticWarnings(oldJson, newJson);
    const explained = warnings.length === 0 ? '' : `\nwarnings:\n${warnings.map((w) => `  ${w.kind}  ${w.flagKey}: ${w.message}`).join('\n')}`;
    throw new InputError('INVALID_DEFINITIONS', `NEW: ${newFile} would not load, so it cannot be previewed:\n${formatIssues(newDoc.error)}${explained}`);
  }

  const contextsPath = values.contexts;
  if (contextsPath !== '-') {
    try {
      await access(resolveInputPath(io, contextsPath));
    } catch {
      throw new InputError('FILE_NOT_FOUND', `--contexts: file not found: ${resolveInputPath(io, contextsPath)}`);
    }
  }
  const preview = createChangePreview(oldJson, oldDoc.value, newJson, newDoc.value, { sampleSize });
  const input = contextsPath === '-' ? io.stdin : openContexts(resolveInputPath(io, contextsPath));
  const { bad } = await readContexts(input, (context, line) => preview.add(context, line));
  const report = preview.finish();

  if (format === 'json') io.stdout.write(`${JSON.stringify({ old: oldFile, new: newFile, ...report, badLines: bad })}\n`);
  else io.stdout.write(formatTable(oldFile, newFile, report, bad));
  return report.warnings.length > 0 ? ExitCode.NEGATIVE : ExitCode.OK;
}

function pct(n: number, of: number): string {
  return of === 0 ? '' : ` (${((100 * n) / of).toFixed(1)}%)`;
}

function side(s: ChangeSample['before']): string {
  if (s.errorCode !== undefined) return `error ${s.errorCode}`;
  return s.variant === undefined ? `(caller default, ${s.reason})` : `${s.variant} (${JSON.stringify(s.value)})`;
}

function who(sample: ChangeSample): string {
  const c = sample.context;
  const parts = Object.entries(c).slice(0, 4).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.join(' ') || '{}';
}

function formatTable(oldFile: string, newFile: string, report: PreviewReport, bad: readonly BadLine[]): string {
  const out: string[] = [];
  out.push(`diff ${oldFile} -> ${newFile} over ${report.contexts} contexts${bad.length === 0 ? '' : ` (${bad.length} bad line(s) set aside)`}`);
  out.push('');
  const rows: string[][] = [['flag', 'status', 'value changes', 'variant changes', 'gained', 'lost', 'transitions']];
  const shown: FlagPreview[] = report.flags.filter((f) => f.status !== 'unchanged' || f.valueChanged > 0 || f.variantChanged > 0);
  for (const f of shown) {
    const evaluated = f.status === 'added' || f.status === 'removed';
    rows.push([
      f.flagKey,
      f.status,
      evaluated ? '-' : `${f.valueChanged}${pct(f.valueChanged, f.evaluated)}`,
      evaluated ? '-' : String(f.variantChanged),
      evaluated ? '-' : String(f.gained),
      evaluated ? '-' : String(f.lost),
      Object.entries(f.transitions).map(([t, n]) => `${t}: ${n}`).join(', ') || '-',
    ]);
  }
  const unchanged = report.flags.length - shown.length;
  if (shown.length === 0) out.push(`no flag changes (${unchanged} unchanged)`);
  else {
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) out.push(r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
    if (unchanged > 0) out.push(`(${unchanged} flag(s) unchanged)`);
  }
  const samples = shown.flatMap((f) => f.samples.map((s) => `  ${f.flagKey}  line ${s.line}  ${who(s)}: ${side(s.before)} -> ${side(s.after)}`));
  if (samples.length > 0) out.push('', 'samples:', ...samples);
  if (bad.length > 0) out.push('', 'bad lines (set aside):', ...bad.slice(0, 10).map((b) => `  line ${b.line}: ${b.reason}`), ...(bad.length > 10 ? [`  ... and ${bad.length - 10} more`] : []));
  out.push('');
  if (report.warnings.length === 0) out.push('no warnings');
  else out.push(`warnings (${report.warnings.length}):`, ...report.warnings.map((w) => `  ${w.kind}  ${w.flagKey}: ${w.message}`));
  return `${out.join('\n')}\n`;
}
