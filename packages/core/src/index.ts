// @rollgate/core: the pure evaluation engine shared by the CLI, the server and the web providers.
export type {
  CompiledDocument,
  CompiledFlag,
  CompiledTargeting,
  DefinitionIssue,
  EvaluateOptions,
  EvaluationContext,
  FlagMetadata,
  FlagType,
  FlagValue,
  JsonObject,
  JsonPrimitive,
  JsonValue,
  Resolution,
  ResolutionError,
  ResolutionSuccess,
  Result,
  RuleEnv,
  TargetingResult,
  TraceStep,
} from './types.js';
export { ErrorCode, Reason, TargetingFailure } from './types.js';
export { buildExposureEvent, EXPOSURE_EVENT, exposureResponse, posthogResponse } from './exposure/build-exposure-event.js';
export type { ExposureEvent, ExposureInput, ExposureProperties } from './exposure/build-exposure-event.js';
export { exposureDedupKey } from './exposure/exposure-dedup-key.js';
export { LruSet } from './exposure/lru-set.js';
export { trackedEventProperties } from './exposure/tracked-event-properties.js';

export { compileFlagd } from './flagd/compile-flagd.js';
export type { CompileFlagdOptions, FlagdExtension } from './flagd/compile-options.js';
export { parseJson } from './json/parse-json.js';
export { evaluate } from './evaluate.js';
export { evaluateAll } from './evaluate-all.js';
export { toResolutionDetails, type ResolutionDetails } from './resolution-details.js';
export { murmur3_32, murmur3_32_concat } from './hash/murmur3.js';
export { fractionalBucket, FRACTIONAL_ALGORITHM, FRACTIONAL_MAX_TOTAL_WEIGHT } from './hash/fractional-v2.js';
export { documentHash, canonicalJson } from './hash/document-hash.js';
export { diffDocuments } from './diff-documents.js';
export { operatorNames } from './logic/operators.js';

// Rollout stages, prerequisites, safe edits and change previews (the `rollout`/`requires` extension).
// Opt-in for compileFlagd (tree-shaken away when unused); Node-side callers use compileFlagdWithRollout.
export { rolloutExtension } from './rollout/rollout-extension.js';
export { compileFlagdWithRollout } from './rollout/compile-flagd-with-rollout.js';
export { ROLLOUT_STAGES, ROLLOUT_DEFAULTS, stageRank } from './rollout/rollout-spec.js';
export type { AdminPredicate, AllowRule, RolloutSpec, RolloutStage } from './rollout/rollout-spec.js';
export { parseRollout } from './rollout/parse-rollout.js';
export { formatBasisPoints } from './rollout/compile-rollout.js';
export { rolloutBucket, BASIS_POINTS, ROLLOUT_BUCKET_ALGORITHM } from './rollout/rollout-bucket.js';
export { rolloutOf, type RolloutInfo } from './rollout/rollout-registry.js';
export { applyRolloutEdit } from './rollout/edit-rollout.js';
export type { RolloutEdit, RolloutEditOutcome } from './rollout/edit-rollout.js';
export { jsonChanges, type JsonChange } from './rollout/json-changes.js';
export { createChangePreview } from './preview/preview-change.js';
export type { ChangePreview, ChangeSample, FlagPreview, PreviewOptions, PreviewReport, SideOutcome } from './preview/preview-change.js';
export { staticWarnings, type PreviewWarning, type PreviewWarningKind } from './preview/static-warnings.js';

// Shadow comparison (issue 10): pure classification and the log line shape.
export { classifyComparison, COMPARISON_VERDICTS } from './shadow/classify-comparison.js';
export type { ClassifyOptions, ComparedAnswer, ComparisonVerdict, ShadowFailure } from './shadow/classify-comparison.js';
export { jsonDeepEqual } from './shadow/json-deep-equal.js';
export { COMPARISON_RECORD_VERSION } from './shadow/comparison-record.js';
export type { ComparisonRecord, ComparisonSide } from './shadow/comparison-record.js';
