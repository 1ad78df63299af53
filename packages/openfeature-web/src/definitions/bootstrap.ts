// What a server render inlines into the page so the first paint needs no network.
import type { EvaluationContext, FlagMetadata, FlagType, JsonValue } from '@rollgate/core';

/** A whole definitions document (parsed JSON, in the provider's dialect). */
export interface DefinitionsBootstrap {
  definitions: unknown;
}

/** One flag's result as the server computed it for `context`. */
export interface PrecomputedValue {
  value: JsonValue;
  /** Absent when the server used no variant (the client's code default then applies). */
  variant?: string;
  /** OpenFeature reason; default `CACHED`. */
  reason?: string;
  flagMetadata?: FlagMetadata;
}

/**
 * A flag for which the server's answer was the caller's (code) default: disabled, no variant
 * chosen and no `defaultVariant`, or an evaluation error. The page answers its own code default
 * with the server's reason, as the server would have.
 */
export interface PrecomputedCallerDefault {
  /** The flag's type: a read of another type is TYPE_MISMATCH, checked first, as on the server. */
  type: FlagType;
  /** The server's reason: `DISABLED`, `DEFAULT` or `ERROR`. */
  reason: string;
  /**
   * With reason `ERROR`, the server's error code. Its message is not carried: it can quote the
   * targeting rules this bootstrap exists to keep off the page.
   */
  errorCode?: string;
  flagMetadata?: FlagMetadata;
}

/**
 * Values the server evaluated for one context. Keeps targeting rules (allowlists, emails) off the
 * client; used only while the app's context equals `context` (compared as canonical JSON), so a
 * different user never sees them.
 */
export interface ValuesBootstrap {
  context: EvaluationContext;
  values: Record<string, PrecomputedValue>;
  /**
   * Flags answered with the caller's default (absent when there are none). A separate field, so
   * a page built before it ignores it (those flags read as FLAG_NOT_FOUND there, as they always
   * did) and bootstraps written before it still read; `values` wins for a key in both.
   */
  callerDefaults?: Record<string, PrecomputedCallerDefault>;
}

export type Bootstrap = DefinitionsBootstrap | ValuesBootstrap;

export function isDefinitionsBootstrap(bootstrap: Bootstrap): bootstrap is DefinitionsBootstrap {
  return 'definitions' in bootstrap;
}
