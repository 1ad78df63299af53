import type { AnalysisDb } from '../db/open-database.js';
import type { EventFormat } from './event-format.js';
import { ensureEventTables } from './event-tables.js';
import { loadAllEvents } from './load-all-events.js';
import type { FileLoadReport, LoadReport } from './load-report.js';
import { loadSelectedEvents } from './load-selected-events.js';
import { resolveEventPaths } from './resolve-event-paths.js';

export interface LoadProgress {
  /** 'reading' a file into staging, then 'collapsing' duplicates and storing the rows. */
  phase: 'reading' | 'collapsing';
  file: string;
  /** 1-based position of the file among the files being loaded. */
  fileNumber: number;
  fileCount: number;
  /** DuckDB's estimate for the running statement, 0..100, or -1 when it has none. */
  percentage: number;
}

export interface LoadEventsOptions {
  /** Force one format for every file. Default: from each file's extension (see EventFormat). */
  format?: EventFormat;
  /**
   * The event names to store in `events`. Default: all. When given, every row is still read,
   * validated, counted and quarantined if bad, and `events` gets exactly the rows a full load
   * would keep of those events (a uuid's first valid occurrence wins even when its event is not
   * stored, so a later row of a stored event with that uuid is a duplicate); valid rows of other
   * events are counted in `notStored`, repeated or not, and left out (`duplicates` then counts
   * the stored events' repeats only). An analysis that reads only some events (an experiment: its
   * exposures and metric events) loads far faster and gets the same answer. A database loaded
   * this way lacks the other events, so keep the default for a database other queries will read;
   * and a later load into it checks duplicates against the uuids it stored only.
   */
  storeEvents?: readonly string[];
  /** Called about every `progressIntervalMs` while a statement runs. Default: none. */
  onProgress?: (progress: LoadProgress) => void;
  /** Default 250 ms. */
  progressIntervalMs?: number;
  /**
   * JSON-lines files up to this size are read whole by DuckDB (fastest); larger ones are streamed
   * line by line from Node, so memory stays bounded (and DuckDB's 4 GiB string limit never
   * applies). Default 256 MiB.
   */
  wholeTextFileLimitBytes?: number;
}

export type { FileLoadReport, LoadReport } from './load-report.js';

const DEFAULT_WHOLE_TEXT_FILE_LIMIT = 256 * 2 ** 20;

/** What the two load paths share: the files in order, the options, the report they fill in. */
export interface LoadContext {
  files: readonly string[];
  options: LoadEventsOptions;
  report: LoadReport;
  /** options.wholeTextFileLimitBytes resolved. */
  wholeTextFileLimitBytes: number;
  /** A progress callback for one phase of the file at `index`, or undefined without options.onProgress. */
  progress(phase: LoadProgress['phase'], index: number): ((percentage: number) => void) | undefined;
}

/**
 * Loads event exports into the canonical `events` table, setting malformed rows aside in
 * `quarantine` with a reason each. Files are read in the order given (globs expanded, sorted);
 * of several rows with one uuid the first (file order, then row order) is kept, and a uuid
 * already in `events` (a persistent database loaded before) is not added again. With
 * `storeEvents`, only rows of those events are stored (see LoadEventsOptions.storeEvents); the
 * rest are validated, counted and checked for duplicates all the same. The rows land in `events`
 * in one transaction: if any file fails, nothing of it stays in the database.
 *
 * Throws InputError for a missing file, a glob with no match, an unknown file type or a file
 * DuckDB cannot read at all; AnalysisError('ROW_ACCOUNTING') if the rows DuckDB read differ from
 * the independent count, or the rows stored, collapsed, quarantined and not stored do not add up
 * to the rows read, which would otherwise be a silent loss.
 */
export async function loadEvents(db: AnalysisDb, paths: readonly string[], options: LoadEventsOptions = {}): Promise<LoadReport> {
  const conn = db.connection;
  await ensureEventTables(conn);
  const files = await resolveEventPaths(conn, paths);
  const report: LoadReport = {
    files: [],
    inputRows: 0,
    ingested: 0,
    quarantined: 0,
    quarantineReasons: {},
    duplicates: 0,
    notStored: 0,
    added: 0,
  };
  const listener = options.onProgress;
  const context: LoadContext = {
    files,
    options,
    report,
    wholeTextFileLimitBytes: options.wholeTextFileLimitBytes ?? DEFAULT_WHOLE_TEXT_FILE_LIMIT,
    progress: (phase, index) =>
      listener === undefined
        ? undefined
        : (percentage) => listener({ phase, file: files[index] ?? '', fileNumber: index + 1, fileCount: files.length, percentage }),
  };
  // Each path adds its files (addFileReport) and sets duplicates, notStored and added.
  if (options.storeEvents === undefined) await loadAllEvents(conn, context);
  else await loadSelectedEvents(conn, context);
  return report;
}

