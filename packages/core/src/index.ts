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
