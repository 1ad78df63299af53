// One line of a `--requests` JSONL file -> an evaluation request, or the reason it is not one.
import { ErrorCode } from '@rollgate/core';
import type { CompiledDocument, EvaluationContext, FlagType, FlagValue } from '@rollgate/core';
import { describeJsonType, isFlagType, typeOfValue } from './flag-types.js';

export interface EvalRequest {
  flagKey: string;
  type: FlagType;
  /** `null` when the line gives none: an error or default resolution then reports `value: null`. */
  defaultValue: FlagValue;
  context: EvaluationContext;
}

export interface RequestProblem {
  errorCode: typeof ErrorCode.PARSE_ERROR | typeof ErrorCode.INVALID_CONTEXT;
  /** Starts with `line N:` so the bad line is easy to find in a million. */
  errorMessage: string;
  /** What could be read of the line, echoed so the result is still attributable. */
  flagKey: string | undefined;
  defaultValue: FlagValue | undefined;
}

const requestFields = new Set(['flagKey', 'type', 'defaultValue', 'context']);
const emptyContext: EvaluationContext = Object.freeze({}) as EvaluationContext;

/**
 * Parses request line `lineNumber` (1-based). `type` may be left out: it is then the type of
 * `defaultValue`, or the flag's own type. Unknown fields are rejected, so a typo such as
 * `contxt` cannot silently evaluate with an empty context.
 */
export function parseRequest(text: string, lineNumber: number, doc: CompiledDocument): EvalRequest | RequestProblem {
  const problem = (errorCode: RequestProblem['errorCode'], message: string, flagKey?: string, defaultValue?: FlagValue): RequestProblem => ({
    errorCode,
    errorMessage: `line ${lineNumber}: ${message}`,
    flagKey,
    defaultValue,
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return problem(ErrorCode.PARSE_ERROR, `not valid JSON (${reason})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return problem(ErrorCode.PARSE_ERROR, `a request must be a JSON object, got ${describeJsonType(value)}`);
  }
  const request = value as Record<string, unknown>;
  const flagKey = typeof request['flagKey'] === 'string' ? request['flagKey'] : undefined;
  const rawDefault = request['defaultValue'];
  const defaultValue = rawDefault === undefined ? undefined : (rawDefault as FlagValue);
  for (const field of Object.keys(request)) {
    if (!requestFields.has(field)) {
      return problem(ErrorCode.PARSE_ERROR, `unknown field "${field}" (a request has flagKey, type, defaultValue, context)`, flagKey, defaultValue);
    }
  }
  if (flagKey === undefined || flagKey === '') {
    return problem(ErrorCode.PARSE_ERROR, 'flagKey must be a non-empty string', undefined, defaultValue);
  }
  const rawType = request['type'];
  if (rawType !== undefined && !isFlagType(rawType)) {
    return problem(ErrorCode.PARSE_ERROR, `type must be one of boolean, string, number, object (got ${JSON.stringify(rawType)})`, flagKey, defaultValue);
  }
  const defaultType = typeOfValue(rawDefault);
  if (rawType !== undefined && defaultType !== undefined && defaultType !== rawType) {
    return problem(ErrorCode.PARSE_ERROR, `defaultValue is ${describeJsonType(rawDefault)} but type is ${rawType}`, flagKey, defaultValue);
  }
  const type: FlagType = rawType ?? defaultType ?? doc.flags.get(flagKey)?.type ?? 'object';
  const rawContext = request['context'];
  if (rawContext !== undefined && (typeof rawContext !== 'object' || rawContext === null || Array.isArray(rawContext))) {
    return problem(ErrorCode.INVALID_CONTEXT, `context must be a JSON object, got ${describeJsonType(rawContext)}`, flagKey, defaultValue);
  }
  const context = (rawContext ?? emptyContext) as EvaluationContext;
  const targetingKey = context.targetingKey;
  if (targetingKey !== undefined && typeof targetingKey !== 'string') {
    return problem(ErrorCode.INVALID_CONTEXT, `context.targetingKey must be a string, got ${describeJsonType(targetingKey)}`, flagKey, defaultValue);
  }
  return { flagKey, type, defaultValue: defaultValue ?? null, context };
}

export function isRequestProblem(parsed: EvalRequest | RequestProblem): parsed is RequestProblem {
  return 'errorCode' in parsed;
}
