// @rollgate/analysis public surface. Ingestion and DB helpers (shared with go/no-go plans).
export { openDatabase, type AnalysisDb, type OpenDatabaseOptions } from './db/open-database.js';
export { runSqlFile, sqlParameterNames, type SqlRow, type SqlParam, type RunSqlFileOptions } from './db/run-sql-file.js';
export {
  loadEvents,
  type LoadEventsOptions,
  type LoadReport,
  type FileLoadReport,
  type LoadProgress,
} from './ingest/load-events.js';
export { ensureEventTables } from './ingest/event-tables.js';
export { detectEventFormat, type EventFormat } from './ingest/event-format.js';
export { QUARANTINE_REASONS, type QuarantineReason } from './ingest/quarantine-reasons.js';
export { AnalysisError } from './errors/analysis-error.js';
export { InputError } from './errors/input-error.js';
export { StatisticsError } from './errors/statistics-error.js';
