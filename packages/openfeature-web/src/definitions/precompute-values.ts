// Server side: evaluates every flag for one context into a values bootstrap for the page.
import { type CompiledDocument, type EvaluationContext } from '@rollgate/core';
import type { PrecomputedCallerDefault, PrecomputedValue, ValuesBootstrap } from './bootstrap.js';
import { snapshotFromDocument } from '../snapshot.js';

/**
 * The values the page needs for `context`, without shipping the targeting rules. Flags for which
 * the engine picked no value (disabled, no variant chosen and no default variant, errors) go to
 * `callerDefaults` with their type, reason and error code, so the client's code default applies
 * to them with the same reason as on the server; the field is left out when there are none.
 *
 * @example
 * const bootstrap = precomputeValues(compiled, { targetingKey: user.id, plan: user.plan });
 * html.replace('<!--rollgate-bootstrap-->', `<script type="application/json" id="rollgate-bootstrap">${serializeBootstrap(bootstrap)}</script>`);
 */
export function precomputeValues(document: CompiledDocument, context: EvaluationContext, now: number = Date.now()): ValuesBootstrap {
  const values: Record<string, PrecomputedValue> = {};
  let callerDefaults: Record<string, PrecomputedCallerDefault> | undefined;
  for (const [key, entry] of snapshotFromDocument(document, context, now)) {
    const { value, variant, reason, errorCode, flagMetadata } = entry.details;
    const metadata = flagMetadata !== undefined && Object.keys(flagMetadata).length > 0 ? flagMetadata : undefined;
    if (entry.callerDefault) {
      const out: PrecomputedCallerDefault = { type: entry.type, reason: reason ?? 'UNKNOWN' }; // the engine always gives one
      if (errorCode !== undefined) out.errorCode = errorCode;
      if (metadata !== undefined) out.flagMetadata = metadata;
      (callerDefaults ??= {})[key] = out;
      continue;
    }
    const out: PrecomputedValue = { value, reason };
    if (variant !== undefined) out.variant = variant;
    if (metadata !== undefined) out.flagMetadata = metadata;
    values[key] = out;
  }
  return callerDefaults === undefined ? { context, values } : { context, values, callerDefaults };
}
