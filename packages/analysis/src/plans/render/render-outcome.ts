import type { PlanOutcome } from '../outcome.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { renderTextTable } from './render-text-table.js';

export const REPORT_FORMATS = ['table', 'json', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Renders a plan outcome; JSON is the outcome itself (stable keys, for CI and scripts). */
export function renderOutcome(outcome: PlanOutcome, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(outcome, null, 2)}\n`;
  if (format === 'markdown') return renderMarkdown(outcome);
  if (format === 'html') return renderHtml(outcome);
  return renderTextTable(outcome);
}
