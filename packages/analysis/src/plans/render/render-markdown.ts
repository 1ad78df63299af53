import type { PlanOutcome } from '../outcome.js';
import { formatInterval, formatNumber, formatSamples } from './format-number.js';

const cell = (s: string | number | null) => (s === null ? '' : String(s)).replaceAll('|', '\\|').replaceAll('\n', ' ');
function table(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [`| ${columns.map(cell).join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** The report as Markdown, for a pull request or a decision document's appendix. */
export function renderMarkdown(o: PlanOutcome): string {
  const out: string[] = [];
  out.push(`## ${o.plan.name}: **${o.verdict}**`, '');
  out.push(`> ${o.plan.question}`, '');
  if (o.asOf) out.push(`- As of: ${o.asOf}`);
  if (o.window && (o.window.from || o.window.to)) out.push(`- Window: ${o.window.from ?? '-inf'} .. ${o.window.to ?? '+inf'}`);
  out.push(`- Decision: ${o.reasons[0] ?? ''}`);
  if (o.plan.file) out.push(`- Plan: \`${o.plan.file}\``);
  out.push('', '### Sources', '', table(['source', 'verdict', 'why'], o.sources.map((s) => [s.source, s.verdict, s.note])));
  out.push(
    '',
    '### Checks',
    '',
    table(
      ['source', 'kind', 'check', 'observed', 'interval', 'sample', 'result', 'note'],
      o.checks.map((c) => [c.source, c.kind, c.label, formatNumber(c.observed), formatInterval(c.interval), formatSamples(c.samples), c.result.toUpperCase(), c.note]),
    ),
  );
  const defs = o.checks.filter((c) => c.definition);
  if (defs.length > 0) {
    out.push('', '### Definitions', '');
    for (const c of defs) out.push(`- \`${c.label}\`: ${c.definition}${c.intervalLabel ? `; interval: ${c.intervalLabel}` : ''}`);
  }
  out.push('', '### Excluded', '');
  out.push(o.exclusions.length === 0 ? 'Nothing.' : table(['source', 'reason', 'count', 'detail'], o.exclusions.map((e) => [e.source, e.reason, e.count, e.detail])));
  for (const t of o.tables) out.push('', `### ${t.title}`, '', t.rows.length === 0 ? '(no rows)' : table(t.columns, t.rows));
  return `${out.join('\n')}\n`;
}
