import type { PlanOutcome } from '../outcome.js';
import { formatInterval, formatNumber, formatSamples } from './format-number.js';

/** Pads columns of plain-text rows (the first row is the header). */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The terminal report: verdict first, then every check, every exclusion, then the extra tables. */
export function renderTextTable(o: PlanOutcome): string {
  const out: string[] = [];
  out.push(`${o.verdict}  ${o.plan.name} (${o.plan.type} plan${o.plan.file ? `, ${o.plan.file}` : ''})`);
  out.push(`question: ${o.plan.question}`);
  if (o.asOf) out.push(`as of:    ${o.asOf}`);
  if (o.window && (o.window.from || o.window.to)) out.push(`window:   ${o.window.from ?? '-inf'} .. ${o.window.to ?? '+inf'}`);
  out.push(`decision: ${o.reasons[0] ?? ''}`);
  out.push('');
  out.push(alignColumns([['source', 'verdict', 'why'], ...o.sources.map((s) => [s.source, s.verdict, s.note])]));
  out.push('');
  out.push('Checks');
  out.push(
    alignColumns([
      ['source', 'kind', 'check', 'observed', 'interval', 'sample', 'result', 'note'],
      ...o.checks.map((c) => [c.source, c.kind, c.label, formatNumber(c.observed), formatInterval(c.interval), formatSamples(c.samples), c.result.toUpperCase(), c.note]),
    ]),
  );
  const defs = o.checks.filter((c) => c.definition);
  if (defs.length > 0) {
    out.push('');
    out.push('Definitions');
    for (const c of defs) out.push(`  ${c.label}: ${c.definition}${c.intervalLabel ? `; interval: ${c.intervalLabel}` : ''}`);
  }
  out.push('');
  out.push('Excluded');
  out.push(o.exclusions.length === 0 ? '  nothing' : alignColumns([['source', 'reason', 'count', 'detail'], ...o.exclusions.map((e) => [e.source, e.reason, String(e.count), e.detail])]));
  for (const t of o.tables) {
    out.push('');
    out.push(t.title);
    out.push(t.rows.length === 0 ? '  (no rows)' : alignColumns([[...t.columns], ...t.rows.map((r) => r.map((c) => (c === null ? '' : typeof c === 'number' ? String(c) : c)))]));
  }
  return `${out.join('\n')}\n`;
}
