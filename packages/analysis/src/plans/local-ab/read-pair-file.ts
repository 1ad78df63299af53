import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors/input-error.js';
import type { PairRun } from './pair-run.js';

/**
 * Reads a local A/B pairs file: JSON lines (`.jsonl`, `.ndjson`, `.json`) with one object per run,
 * or CSV with a header row. Rows that cannot be read are returned as runs with null fields (so
 * pairing counts them as malformed), never dropped. Throws InputError when the file is unreadable.
 */
export async function readPairFile(path: string, columns: { pair: string; arm: string; metric: string }): Promise<PairRun[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new InputError(`local A/B pairs file: cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  const lines = text.split(/\r?\n/);
  const runs: PairRun[] = [];
  if (/\.csv$/i.test(path)) {
    const header = splitCsvLine(lines[0] ?? '');
    const at = (name: string) => header.indexOf(name);
    for (const [column, index] of [[columns.pair, at(columns.pair)], [columns.arm, at(columns.arm)], [columns.metric, at(columns.metric)]] as const) {
      if (index < 0) throw new InputError(`local A/B pairs file ${path}: no column "${column}" in the header (${header.join(', ')})`);
    }
    lines.slice(1).forEach((line, i) => {
      if (line.trim() === '') return;
      const cells = splitCsvLine(line);
      runs.push({
        pairId: nonEmpty(cells[at(columns.pair)]),
        arm: nonEmpty(cells[at(columns.arm)]),
        value: toNumber(cells[at(columns.metric)]),
        origin: `${path}:${i + 2}`,
      });
    });
    return runs;
  }
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      row = null;
    }
    const r = typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {};
    runs.push({
      pairId: r[columns.pair] === undefined || r[columns.pair] === null ? null : String(r[columns.pair]),
      arm: typeof r[columns.arm] === 'string' ? (r[columns.arm] as string) : null,
      value: toNumber(r[columns.metric]),
      origin: `${path}:${i + 1}`,
    });
  });
  return runs;
}

function nonEmpty(v: string | undefined): string | null {
  return v === undefined || v === '' ? null : v;
}

function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** One CSV record (RFC 4180 quoting: "a, b" and "" inside quotes). Records do not span lines here. */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}
