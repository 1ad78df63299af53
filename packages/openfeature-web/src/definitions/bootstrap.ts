// What a server render inlines into the page so the first paint needs no network.
import type { EvaluationContext, FlagMetadata, JsonValue } from '@rollgate/core';

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
 * Values the server evaluated for one context. Keeps targeting rules (allowlists, emails) off the
 * client; used only while the app's context equals `context` (compared as canonical JSON), so a
 * different user never sees them.
 */
export interface ValuesBootstrap {
  context: EvaluationContext;
  values: Record<string, PrecomputedValue>;
}

export type Bootstrap = DefinitionsBootstrap | ValuesBootstrap;

export function isDefinitionsBootstrap(bootstrap: Bootstrap): bootstrap is DefinitionsBootstrap {
  return 'definitions' in bootstrap;
}
