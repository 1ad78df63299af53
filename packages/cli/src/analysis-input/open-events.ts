// Loading --events files for the analysis commands, with errors mapped to the CLI's exit codes.
import { AnalysisError, loadEvents, openDatabase, type AnalysisDb, type LoadReport } from '@rollgate/analysis';
import { progressReporter } from '../analyze/progress-reporter.js';
import { InputError } from '../errors/input-error.js';
import type { Io } from '../io.js';
import { resolveInputPath } from '../read-input.js';

/**
 * Opens a DuckDB database (in memory unless `dbPath`) and loads the event files into `events`.
 * `storeEvents` (loadEvents' option) applies to an in-memory database only: a database file is
 * kept for later queries, so it gets every event. Bad files become InputError (exit 2) naming
 * the file; the database is closed on failure. On a terminal, loads longer than a second show a
 * progress line on stderr.
 */
export async function openEvents(io: Io, files: readonly string[], dbPath?: string, storeEvents?: readonly string[]): Promise<{ db: AnalysisDb; report: LoadReport }> {
  let db: AnalysisDb;
  try {
    db = await openDatabase(dbPath === undefined ? undefined : resolveInputPath(io, dbPath));
  } catch (err) {
    throw new InputError('DATABASE', err instanceof Error ? err.message : String(err));
  }
  // The same progress line as `rollgate analyze`, on a terminal only and after a second.
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const reporter = tty ? progressReporter(io.stderr, 1000) : undefined;
  try {
    const report = await loadEvents(db, files.map((f) => resolveInputPath(io, f)), {
      storeEvents: dbPath === undefined ? storeEvents : undefined,
      onProgress: reporter ? (p) => reporter.onProgress(p) : undefined,
    });
    return { db, report };
  } catch (err) {
    db.close();
    if (err instanceof AnalysisError) throw new InputError(err.code, `--events: ${err.message}`);
    throw err;
  } finally {
    reporter?.done();
  }
}

/**
 * "1,204 rows read from 1 file(s), 1,199 loaded, 5 quarantined (malformed JSON: 1, ...), 1 duplicate uuid(s) collapsed"
 * and, after a load that stored only the events a plan reads, ", 900 valid row(s) of other events not stored".
 */
export function describeLoad(report: LoadReport): string {
  const reasons = Object.entries(report.quarantineReasons).map(([r, n]) => `${r}: ${n}`).join(', ');
  const notStored = report.notStored > 0 ? `, ${report.notStored} valid row(s) of other events not stored (repeats included)` : '';
  return `${report.inputRows} rows read from ${report.files.length} file(s), ${report.added} loaded, ${report.quarantined} quarantined${reasons ? ` (${reasons})` : ''}, ${report.duplicates} duplicate uuid(s) collapsed${notStored}`;
}
