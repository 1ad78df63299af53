import type { PlanOutcome } from '../outcome.js';
import { escapeHtml } from './escape-html.js';
import { formatInterval, formatNumber, formatSamples } from './format-number.js';
import { renderSvgChart } from './svg-chart.js';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
.verdict{display:inline-block;padding:.2rem .7rem;border-radius:4px;color:#fff;font-weight:bold}
.GO{background:#2ca02c}.NO_GO{background:#d62728}.INCONCLUSIVE{background:#ff7f0e}
table{border-collapse:collapse;margin:.5rem 0;font-size:13px}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.PASS{color:#2ca02c;font-weight:bold}td.FAIL{color:#d62728;font-weight:bold}td.UNKNOWN{color:#ff7f0e;font-weight:bold}
.meta{color:#555}svg{display:block;margin:1rem 0;max-width:100%;height:auto}`;

function table(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[], classOf?: (row: number, col: number) => string): string {
  const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = rows
    .map((r, i) => `<tr>${r.map((c, j) => `<td${classOf?.(i, j) ? ` class="${classOf(i, j)}"` : ''}>${escapeHtml(c === null ? '' : String(c))}</td>`).join('')}</tr>`)
    .join('');
  return `<table>${head}${body}</table>`;
}

/**
 * The report as one self-contained HTML file: inline CSS and SVG, no script, no external request,
 * so it can be attached to a review or opened offline years later.
 */
export function renderHtml(o: PlanOutcome): string {
  const checks = o.checks.map((c) => [c.source, c.kind, c.label, formatNumber(c.observed), formatInterval(c.interval), formatSamples(c.samples), c.result.toUpperCase(), c.note]);
  const defs = o.checks.filter((c) => c.definition);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${o.plan.name}: ${o.verdict}`)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(o.plan.name)} <span class="verdict ${o.verdict}" id="verdict">${o.verdict}</span></h1>
<p class="meta">${escapeHtml(o.plan.type)} plan${o.plan.file ? ` &middot; <code>${escapeHtml(o.plan.file)}</code>` : ''}${o.asOf ? ` &middot; as of ${escapeHtml(o.asOf)}` : ''}${o.window && (o.window.from || o.window.to) ? ` &middot; window ${escapeHtml(o.window.from ?? '-inf')} .. ${escapeHtml(o.window.to ?? '+inf')}` : ''}</p>
<blockquote>${escapeHtml(o.plan.question)}</blockquote>
<p id="decision"><strong>Decision:</strong> ${escapeHtml(o.reasons[0] ?? '')}</p>
<h2>Sources</h2>${table(['source', 'verdict', 'why'], o.sources.map((s) => [s.source, s.verdict, s.note]))}
<h2>Checks</h2>${table(['source', 'kind', 'check', 'observed', 'interval', 'sample', 'result', 'note'], checks, (_, j) => (j === 6 ? checks[_]![6]! : ''))}
${defs.length > 0 ? `<h2>Definitions</h2><ul>${defs.map((c) => `<li><code>${escapeHtml(c.label)}</code>: ${escapeHtml(c.definition!)}${c.intervalLabel ? `; interval: ${escapeHtml(c.intervalLabel)}` : ''}</li>`).join('')}</ul>` : ''}
<h2>Excluded</h2>${o.exclusions.length === 0 ? '<p>Nothing.</p>' : table(['source', 'reason', 'count', 'detail'], o.exclusions.map((e) => [e.source, e.reason, e.count, e.detail]))}
${o.charts.length > 0 ? `<h2>Charts</h2>${o.charts.map(renderSvgChart).join('\n')}` : ''}
${o.tables.map((t) => `<h2>${escapeHtml(t.title)}</h2>${t.rows.length === 0 ? '<p>(no rows)</p>' : table(t.columns, t.rows)}`).join('\n')}
<h2>All reasons</h2><ol>${o.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ol>
</body></html>
`;
}
