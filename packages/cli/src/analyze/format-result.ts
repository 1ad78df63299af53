// Renders experiment results as an aligned text table or Markdown. JSON is the results themselves.
import { confidenceLabel, type LoadReport, type MetricResult } from '@rollgate/analysis';
import { formatWindow } from './parse-window.js';

type Cell = string;

const pct = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '-' : `${(v * 100).toFixed(digits)}%`);
const signedPct = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)}%`);
const range = (ci: [number, number] | null | undefined, f: (v: number) => string) => (ci ? `[${f(ci[0])}, ${f(ci[1])}]` : '-');
const num = (v: number | null | undefined, digits = 4) => (v === null || v === undefined ? '-' : formatNumber(v, digits));
const int = (v: number) => v.toLocaleString('en-US');

function formatNumber(v: number, digits: number): string {
  if (v !== 0 && Math.abs(v) < 1e-4) return v.toExponential(2);
  return Number(v.toFixed(digits)).toString();
}

function pValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  return v < 1e-4 ? v.toExponential(2) : v.toFixed(4);
}

/** Header lines and per-metric tables for a run. */
function sections(results: MetricResult[], load: LoadReport | undefined): { title: string; meta: string[]; header: Cell[]; rows: Cell[][]; notes: string[] }[] {
  return results.map((r) => {
    const level = confidenceLabel(r.confidence);
    const meta = [
      `flag ${r.flag} · metric ${r.metric} (${r.kind}${r.kind === 'continuous' ? `: ${r.aggregate} of ${r.property}` : ''}) · unit ${r.unit} · window ${formatWindow(r.windowSeconds)} · ${level} intervals · control ${r.control}`,
    ];
    if (load) {
      const reasons = Object.entries(load.quarantineReasons).map(([k, n]) => `${k} ${n}`).join(', ');
      meta.push(
        `events: ${int(load.inputRows)} rows in ${load.files.length} file(s), ${int(load.ingested)} ingested, ${int(load.quarantined)} quarantined${reasons ? ` (${reasons})` : ''}, ${int(load.duplicates)} duplicate uuid(s) collapsed${load.notStored > 0 ? `, ${int(load.notStored)} valid row(s) of other events not stored (repeats included)` : ''}`,
      );
    }
    let header: Cell[];
    let rows: Cell[][];
    if (r.kind === 'conversion') {
      header = ['variant', 'units', 'conversions', 'rate', `${level} CI`, 'abs. lift', `${level} CI`, 'rel. lift', `${level} CI`, 'p (z, pooled)', `p adj. (${r.correction})`, 'P(beat control)'];
      rows = r.variants.map((v) => [
        v.variant, int(v.units), int(v.conversions), pct(v.rate), range(v.rateCI, (x) => pct(x)),
        signedPct(v.absoluteLift), range(v.absoluteLiftCI, signedPct), signedPct(v.relativeLift), range(v.relativeLiftCI, signedPct),
        pValue(v.pValue), pValue(v.adjustedPValue), v.chanceToBeatControl === undefined || v.chanceToBeatControl === null ? '-' : v.chanceToBeatControl.toFixed(4),
      ]);
    } else if (r.kind === 'continuous') {
      header = ['variant', 'units', 'mean', `${level} CI`, 'abs. lift', `${level} CI`, 'rel. lift', `${level} CI`, 'p (Welch)', `p adj. (${r.correction})`];
      rows = r.variants.map((v) => [
        v.variant, int(v.units), num(v.mean), range(v.meanCI, (x) => num(x)), num(v.absoluteLift), range(v.absoluteLiftCI, (x) => num(x)),
        signedPct(v.relativeLift), range(v.relativeLiftCI, signedPct), pValue(v.pValue), pValue(v.adjustedPValue),
      ]);
    } else {
      header = ['variant', 'units', 'numerator', 'denominator', 'ratio', `${level} CI`, 'abs. lift', `${level} CI`, 'rel. lift', `${level} CI`, 'p (delta, z)', `p adj. (${r.correction})`];
      rows = r.variants.map((v) => [
        v.variant, int(v.units), num(v.numerator), num(v.denominator), num(v.ratio), range(v.ratioCI, (x) => num(x)), num(v.absoluteLift),
        range(v.absoluteLiftCI, (x) => num(x)), signedPct(v.relativeLift), range(v.relativeLiftCI, signedPct), pValue(v.pValue), pValue(v.adjustedPValue),
      ]);
    }
    const notes: string[] = [];
    if (r.srm) {
      const expected = Object.entries(r.srm.expected).map(([k, e]) => `${k} ${e.toFixed(1)}`).join(', ');
      notes.push(`SRM: chi2 = ${num(r.srm.chi2)}, df = ${r.srm.df}, p = ${pValue(r.srm.pValue)} (expected units: ${expected})`);
    }
    const ex = r.excluded;
    notes.push(
      `excluded: ${ex.multiVariantUnits} unit(s) in more than one variant, ${ex.exposuresWithoutUnit} exposure(s) without a unit, ${ex.exposuresWithoutVariant} without a variant`,
    );
    for (const w of r.warnings) notes.push(`warning: ${w}`);
    return { title: `${r.metric}`, meta, header, rows, notes };
  });
}

export function formatTable(results: MetricResult[], load?: LoadReport): string {
  const out: string[] = [];
  for (const s of sections(results, load)) {
    out.push(...s.meta, '');
    const all = [s.header, ...s.rows];
    const widths = s.header.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
    for (const row of all) out.push(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
    out.push('', ...s.notes, '');
  }
  return out.join('\n');
}

export function formatMarkdown(results: MetricResult[], load?: LoadReport): string {
  const out: string[] = [];
  const esc = (c: string) => c.replaceAll('|', '\\|');
  for (const s of sections(results, load)) {
    out.push(`### ${esc(s.title)}`, '', ...s.meta.map((m) => `${esc(m)}  `), '');
    out.push(`| ${s.header.map(esc).join(' | ')} |`, `|${s.header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
    for (const row of s.rows) out.push(`| ${row.map(esc).join(' | ')} |`);
    out.push('', ...s.notes.map((n) => `- ${esc(n)}`), '');
  }
  return out.join('\n');
}
