// The ONE mapping from an engine Resolution to OpenFeature's ResolutionDetails shape.
// Server and web providers import it; never copy it (copies drift).
import type { ErrorCode, FlagMetadata, FlagValue, Reason, Resolution } from './types.js';

/** OpenFeature's `ResolutionDetails<T>` (with flag metadata), structurally. */
export interface ResolutionDetails<T extends FlagValue = FlagValue> {
  value: T;
  variant?: string;
  reason: Reason;
  /** Equal to OpenFeature's `ErrorCode` enum values. */
  errorCode?: ErrorCode;
  errorMessage?: string;
  flagMetadata: FlagMetadata;
}

/** Drops the engine-only fields (`ok`, `trace`) and leaves out fields without a value. */
export function toResolutionDetails<T extends FlagValue>(resolution: Resolution<T>): ResolutionDetails<T> {
  if (!resolution.ok) {
    return {
      value: resolution.value,
      reason: resolution.reason,
      errorCode: resolution.errorCode,
      errorMessage: resolution.errorMessage,
      flagMetadata: resolution.flagMetadata,
    };
  }
  const details: ResolutionDetails<T> = { value: resolution.value, reason: resolution.reason, flagMetadata: resolution.flagMetadata };
  if (resolution.variant !== undefined) details.variant = resolution.variant;
  return details;
}
