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
export { confidenceLabel } from './stats/confidence-label.js';
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

// Latency segments and go/no-go plans (issue 6).
export { quantileSorted, quantileType7 } from './stats/quantile-type7.js';
export { mulberry32 } from './stats/mulberry32.js';
export { clusterBootstrapInterval, type ClusterBootstrapOptions, type BootstrapInterval } from './stats/cluster-bootstrap-interval.js';
export { dklQuantileInterval, type DklQuantileInterval } from './stats/dkl-quantile-interval.js';
export { clusteredShareInterval, type ClusteredShareInterval } from './stats/clustered-share-interval.js';
export { clusterBootstrapQuantileInterval, type ClusterColumn } from './stats/cluster-bootstrap-quantile-interval.js';
export { wilcoxonSignedRank, type WilcoxonSignedRankResult, type Alternative } from './stats/wilcoxon-signed-rank.js';
export { pairedTTest, type PairedTTestResult } from './stats/paired-t-test.js';
export { queryLatencyRuns, latencyQueryParams, type LatencyQuery } from './segments/query-latency-runs.js';
export type { LatencyRun, TurnBucket, RunQuality } from './segments/latency-run.js';
export { summarizeSegments, type SegmentGroup, type SegmentStats, type SummarizeOptions } from './segments/summarize-segments.js';
export type { Estimate, IntervalSpec } from './segments/estimate.js';
export { parsePlan, loadPlanFile } from './plans/load-plan.js';
export { evaluatePlan } from './plans/evaluate-plan.js';
export { registerPlanType, getPlanType, planTypeNames, type PlanType, type PlanHeader, type PlanContext } from './plans/plan-registry.js';
export { registerBuiltinPlanTypes } from './plans/register-builtin-plan-types.js';
export { PlanError } from './plans/plan-error.js';
export { formatPlanIssue, type PlanIssue } from './plans/plan-issue.js';
export type { PlanCursor } from './plans/plan-reader.js';
export { readConditions, describeCondition, type Condition, type ConditionOp } from './plans/conditions.js';
export { combineChecks, applyGuardrails, type Combine } from './plans/combine-checks.js';
export { breakTie } from './plans/tie-break.js';
export { formatUtcInstant, parseUtcInstant, parseUtcInstantMicros, type UtcInstant } from './plans/time-window.js';
export { judgeThreshold, type ComparisonOp } from './plans/judge-threshold.js';
export { verdictExitCode, type PlanOutcome, type Verdict, type CheckOutcome, type CheckResult, type SourceOutcome, type ExclusionCount, type Chart } from './plans/outcome.js';
export { renderOutcome, REPORT_FORMATS, type ReportFormat } from './plans/render/render-outcome.js';
export { alignColumns } from './plans/render/render-text-table.js';
// The experiment model (issue 5).
export { analyzeExperiment, MULTI_VARIANT_WARNING_SHARE, MULTI_VARIANT_WARNING_MIN_UNITS } from './experiment/analyze-experiment.js';
export { experimentEvents } from './experiment/experiment-events.js';
export type { ExperimentOptions, MetricSpec, Correction } from './experiment/experiment-options.js';
export type {
  MetricResult,
  ConversionResult,
  ContinuousResult,
  RatioResult,
  ConversionVariant,
  ContinuousVariant,
  RatioVariant,
  ExcludedCounts,
  SrmResult,
  Interval,
} from './experiment/experiment-result.js';
export { sqlFilePath } from './db/sql-file-path.js';
// Shadow comparison logs and the cutover plan (issue 10).
export { readShadowLogs } from './shadow/read-shadow-log.js';
export { ShadowLogAccumulator, agreementOf, emptyVerdictCounts, type Agreement, type FlagSummary, type ShadowLogSummary, type SummaryOptions, type VerdictCounts } from './shadow/shadow-log-summary.js';
export { parseComparisonLine, SHADOW_VERDICTS, type BadLineReason, type ComparisonLine, type ComparisonLineSide, type ParsedLine, type ShadowVerdict } from './shadow/comparison-line.js';
export { separatingAttribute, type AttributeScore, type AttributeTallies, type SeparatingAttribute, type SeparatingOptions } from './shadow/separating-attribute.js';
export { cutoverPlanType } from './plans/cutover/cutover-plan-type.js';
export { showSide } from './plans/cutover/evaluate-cutover-plan.js';
export type { CutoverPlan } from './plans/cutover/cutover-plan.js';
export type { PlanInput } from './plans/plan-registry.js';
