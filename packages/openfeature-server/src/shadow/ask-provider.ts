// Calls one of a provider's four typed resolvers, with every failure turned into a rejection.
import type { EvaluationContext, JsonValue as OpenFeatureJsonValue, Logger, Provider, ResolutionDetails } from '@openfeature/server-sdk';
import type { FlagType, FlagValue } from '@rollgate/core';

/**
 * The resolver for `type`, called directly (no SDK, so no hooks and no events: a shadow evaluation
 * is invisible to the app's exposure hook). A resolver that throws synchronously rejects instead.
 */
export function askProvider(
  provider: Provider,
  type: FlagType,
  flagKey: string,
  defaultValue: FlagValue,
  context: EvaluationContext,
  logger: Logger,
): Promise<ResolutionDetails<FlagValue>> {
  try {
    switch (type) {
      case 'boolean':
        return Promise.resolve(provider.resolveBooleanEvaluation(flagKey, defaultValue as boolean, context, logger));
      case 'string':
        return Promise.resolve(provider.resolveStringEvaluation(flagKey, defaultValue as string, context, logger));
      case 'number':
        return Promise.resolve(provider.resolveNumberEvaluation(flagKey, defaultValue as number, context, logger));
      default:
        return Promise.resolve(provider.resolveObjectEvaluation(flagKey, defaultValue as OpenFeatureJsonValue, context, logger));
    }
  } catch (error) {
    return Promise.reject(error);
  }
}

/** A name for a provider in records and messages: its source id when it has one, else its metadata name. */
export function providerSourceId(provider: Provider): string {
  const state = (provider as { state?: { sourceId?: unknown } }).state;
  try {
    if (state && typeof state.sourceId === 'string') return state.sourceId;
  } catch {
    // A state getter that throws is no reason to fail: fall back to the name.
  }
  return provider.metadata?.name ?? 'provider';
}
