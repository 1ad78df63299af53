import { AnalysisError } from '../errors/analysis-error.js';
import type { EventFormat } from './event-format.js';

// What loadEvents reports, and the checks that the rows it read add up.

export interface FileLoadReport {
  file: string;
  format: EventFormat;
  /** Rows in the file: non-blank lines for JSON lines (counted apart from DuckDB), Parquet metadata, CSV records as DuckDB's reader splits them. */
  inputRows: number;
  /** Rows that passed validation (before duplicate uuids were collapsed), stored or not. */
  ingested: number;
  quarantined: number;
  quarantineReasons: Record<string, number>;
}

export interface LoadReport {
  files: FileLoadReport[];
  inputRows: number;
  /** ingested + quarantined = inputRows, always (checked per file; a mismatch throws). */
  ingested: number;
  quarantined: number;
  quarantineReasons: Record<string, number>;
  /**
   * Ingested rows whose uuid was already seen (earlier in this load or already in `events`): not
   * added again. With `storeEvents`, only rows of the stored events are counted here.
   */
  duplicates: number;
  /** Ingested rows whose event is not in `storeEvents` (repeats included): validated and counted, not stored. 0 without the option. */
  notStored: number;
  /**
   * Rows added to `events`. inputRows = added + duplicates + quarantined + notStored, always
   * (checked; a mismatch throws).
   */
  added: number;
}

/** Adds one file's counts to the load's (each path calls it per file, after checking the file adds up). */
export function addFileReport(report: LoadReport, file: FileLoadReport): void {
  report.files.push(file);
  report.inputRows += file.inputRows;
  report.ingested += file.ingested;
  report.quarantined += file.quarantined;
  for (const [reason, n] of Object.entries(file.quarantineReasons)) {
    report.quarantineReasons[reason] = (report.quarantineReasons[reason] ?? 0) + n;
  }
}

/** Throws AnalysisError('ROW_ACCOUNTING') unless inputRows = added + duplicates + quarantined + notStored. */
export function checkRowAccounting(report: LoadReport): void {
  const accounted = report.added + report.duplicates + report.quarantined + report.notStored;
  if (accounted !== report.inputRows) {
    throw new AnalysisError(
      'ROW_ACCOUNTING',
      `read ${report.inputRows} rows but ${report.added} stored + ${report.duplicates} duplicates + ${report.quarantined} quarantined + ${report.notStored} not stored = ${accounted}; refusing to continue rather than lose rows silently`,
    );
  }
}
