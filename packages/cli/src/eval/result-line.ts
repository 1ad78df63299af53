// One output line of `rollgate eval`: OpenFeature resolution details plus the flag key.
import { ErrorCode, Reason, toResolutionDetails } from '@rollgate/core';
import type { FlagMetadata, FlagValue, Resolution } from '@rollgate/core';

// A flag's metadata object is shared by all its resolutions, so its JSON is computed once per
// object rather than once per line (a million-line stream would re-serialize it a million times).
const metadataJson = new WeakMap<FlagMetadata, string>();

function metadataText(metadata: FlagMetadata): string {
  let text = metadataJson.get(metadata);
  if (text === undefined) {
    text = JSON.stringify(metadata);
    metadataJson.set(metadata, text);
  }
  return text;
}

/**
 * `{"flagKey","value","variant","reason","errorCode","errorMessage","flagMetadata"}` as one JSON
 * line, in that order; fields without a value are left out; `trace` is added when the
 * resolution carries one. The fields come from core's `toResolutionDetails` (the one mapping).
 */
export function resultLine(flagKey: string, resolution: Resolution): string {
  const details = toResolutionDetails(resolution);
  let line = `{"flagKey":${JSON.stringify(flagKey)}`;
  if (details.value !== undefined) line += `,"value":${JSON.stringify(details.value)}`;
  if (details.variant !== undefined) line += `,"variant":${JSON.stringify(details.variant)}`;
  line += `,"reason":${JSON.stringify(details.reason)}`;
  if (details.errorCode !== undefined) line += `,"errorCode":${JSON.stringify(details.errorCode)}`;
  if (details.errorMessage !== undefined) line += `,"errorMessage":${JSON.stringify(details.errorMessage)}`;
  line += `,"flagMetadata":${metadataText(details.flagMetadata)}`;
  if (resolution.trace !== undefined) line += `,"trace":${JSON.stringify(resolution.trace)}`;
  return `${line}}`;
}

/** A result line for a request the CLI could not even hand to the engine (bad request line). */
export function requestErrorLine(
  errorCode: typeof ErrorCode.PARSE_ERROR | typeof ErrorCode.INVALID_CONTEXT,
  errorMessage: string,
  flagKey: string | undefined,
  defaultValue: FlagValue | undefined,
): string {
  return JSON.stringify({ flagKey, value: defaultValue, reason: Reason.ERROR, errorCode, errorMessage, flagMetadata: {} });
}
