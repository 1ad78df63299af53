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
// Experiment statistics (issue 5), one function per file.
export { confidenceZ } from './stats/confidence-z.js';
export { wilsonInterval } from './stats/wilson-interval.js';
export { twoProportionZTest, type TwoProportionZTestResult } from './stats/two-proportion-z-test.js';
export { differenceOfProportions, type DifferenceOfProportions } from './stats/difference-of-proportions.js';
export { relativeLift, type RelativeLift } from './stats/relative-lift.js';
export { studentTQuantile } from './stats/student-t-quantile.js';
export { welchTTest, type GroupSummary, type WelchTTestResult } from './stats/welch-t-test.js';
export { chiSquareUpperTail } from './stats/chi-square-upper-tail.js';
export { srmChiSquare, type SrmChiSquareResult } from './stats/srm-chi-square.js';
export { chanceToBeatControl } from './stats/chance-to-beat-control.js';
export { holmAdjust } from './stats/holm-adjust.js';
export { benjaminiHochbergAdjust } from './stats/benjamini-hochberg-adjust.js';
export { ratioMetric, type RatioSums, type RatioEstimate } from './stats/ratio-metric.js';
export { normalDifferenceTest, type NormalDifferenceTest } from './stats/normal-difference-test.js';
