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
export { buildExposureEvent, EXPOSURE_EVENT, exposureResponse } from './exposure/build-exposure-event.js';
export type { ExposureEvent, ExposureInput, ExposureProperties } from './exposure/build-exposure-event.js';
export { exposureDedupKey } from './exposure/exposure-dedup-key.js';
