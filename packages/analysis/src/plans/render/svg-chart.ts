// Inline SVG charts for the HTML report: no script, no external asset, readable without JavaScript.
import type { Chart } from '../outcome.js';
import { escapeHtml } from './escape-html.js';
import { formatNumber } from './format-number.js';

const W = 820;
const ROW = 30;
const LEFT = 270;
const RIGHT = 30;

function scale(min: number, max: number): (v: number) => number {
  const span = max - min || 1;
  return (v) => LEFT + ((v - min) / span) * (W - LEFT - RIGHT);
}

function axis(min: number, max: number, y: number, unit: string): string {
  const x = scale(min, max);
  const ticks = 5;
  let s = `<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y}" y2="${y}" stroke="#888"/>`;
  for (let i = 0; i <= ticks; i++) {
    const v = min + ((max - min) * i) / ticks;
    s += `<line x1="${x(v)}" x2="${x(v)}" y1="${y}" y2="${y + 4}" stroke="#888"/><text x="${x(v)}" y="${y + 16}" font-size="11" text-anchor="middle">${escapeHtml(formatNumber(v))}${unit ? ` ${escapeHtml(unit)}` : ''}</text>`;
  }
  return s;
}

/** One chart as an <svg> element with a <title> (so screen readers and the DOM carry its name). */
export function renderSvgChart(chart: Chart): string {
  if (chart.kind === 'distribution') {
    const min = Math.min(0, ...chart.series.map((s) => s.min));
    const max = Math.max(...chart.series.map((s) => s.p90)) * 1.15;
    const x = scale(min, max);
    const h = 30 + chart.series.length * ROW + 30;
    let body = '';
    chart.series.forEach((s, i) => {
      const y = 30 + i * ROW;
      body +=
        `<text x="${LEFT - 8}" y="${y + 14}" font-size="12" text-anchor="end">${escapeHtml(s.label)} (n=${s.n})</text>` +
        `<line x1="${x(s.min)}" x2="${x(Math.min(s.max, max))}" y1="${y + 10}" y2="${y + 10}" stroke="#999"/>` +
        `<rect x="${x(s.p10)}" y="${y + 2}" width="${Math.max(1, x(s.p90) - x(s.p10))}" height="16" fill="#9ecae1" stroke="#3182bd"><title>${escapeHtml(`${s.label}: p10 ${formatNumber(s.p10)}, p50 ${formatNumber(s.p50)}, p90 ${formatNumber(s.p90)}, max ${formatNumber(s.max)}`)}</title></rect>` +
        `<line x1="${x(s.p50)}" x2="${x(s.p50)}" y1="${y}" y2="${y + 20}" stroke="#08306b" stroke-width="3"/>`;
    });
    return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}"><title>${escapeHtml(chart.title)}</title><text x="10" y="16" font-size="13" font-weight="bold">${escapeHtml(chart.title)}</text>${body}${axis(min, max, h - 26, chart.unit)}<text x="${W - RIGHT}" y="16" font-size="10" text-anchor="end">box p10-p90, bar p50, whisker min-max</text></svg>`;
  }
  const values = chart.points.flatMap((p) => [p.value, p.lower ?? p.value, p.upper ?? p.value]).concat((chart.references ?? []).map((r) => r.value));
  const min = Math.min(0, ...values);
  const max = Math.max(...values) * 1.1 || 1;
  const x = scale(min, max);
  const h = 30 + chart.points.length * ROW + 30;
  let body = '';
  chart.points.forEach((p, i) => {
    const y = 30 + i * ROW;
    const label = `${p.group === 'statistic' ? '' : `${p.group} `}${p.label}`;
    const interval = p.lower !== null && p.upper !== null ? `[${formatNumber(p.lower)}, ${formatNumber(p.upper)}]` : '';
    body += `<text x="${LEFT - 8}" y="${y + 14}" font-size="12" text-anchor="end">${escapeHtml(label)}</text>`;
    if (p.lower !== null && p.upper !== null) {
      body += `<line x1="${x(p.lower)}" x2="${x(p.upper)}" y1="${y + 10}" y2="${y + 10}" stroke="#3182bd" stroke-width="2"/><line x1="${x(p.lower)}" x2="${x(p.lower)}" y1="${y + 5}" y2="${y + 15}" stroke="#3182bd"/><line x1="${x(p.upper)}" x2="${x(p.upper)}" y1="${y + 5}" y2="${y + 15}" stroke="#3182bd"/>`;
    }
    body += `<circle cx="${x(p.value)}" cy="${y + 10}" r="5" fill="#08306b"><title>${escapeHtml(`${label}: ${formatNumber(p.value)} ${interval}`)}</title></circle><text x="${x(p.value) + 8}" y="${y + 6}" font-size="10">${escapeHtml(formatNumber(p.value))}</text>`;
  });
  for (const r of chart.references ?? []) {
    body += `<line x1="${x(r.value)}" x2="${x(r.value)}" y1="22" y2="${h - 26}" stroke="#d62728" stroke-dasharray="4 3"><title>${escapeHtml(r.label)}</title></line>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}"><title>${escapeHtml(chart.title)}</title><text x="10" y="16" font-size="13" font-weight="bold">${escapeHtml(chart.title)}</text>${body}${axis(min, max, h - 26, chart.unit)}</svg>`;
}
