// Server side: evaluates every flag for one context into a values bootstrap for the page.
import { type CompiledDocument, type EvaluationContext } from '@rollgate/core';
import type { PrecomputedValue, ValuesBootstrap } from './bootstrap.js';
import { snapshotFromDocument } from '../snapshot.js';

/**
 * The values the page needs for `context`, without shipping the targeting rules. Flags for which
 * the engine picked no value (no default variant, disabled, errors) are left out, so the client's
 * code default applies to them exactly as it would have on the server.
 *
 * @example
 * const bootstrap = precomputeValues(compiled, { targetingKey: user.id, plan: user.plan });
 * html.replace('<!--rollgate-bootstrap-->', `<script type="application/json" id="rollgate-bootstrap">${serializeBootstrap(bootstrap)}</script>`);
 */
export function precomputeValues(document: CompiledDocument, context: EvaluationContext, now: number = Date.now()): ValuesBootstrap {
  const values: Record<string, PrecomputedValue> = {};
  for (const [key, entry] of snapshotFromDocument(document, context, now)) {
    if (entry.callerDefault) continue;
    const { value, variant, reason, flagMetadata } = entry.details;
    const out: PrecomputedValue = { value, reason };
    if (variant !== undefined) out.variant = variant;
    if (flagMetadata !== undefined && Object.keys(flagMetadata).length > 0) out.flagMetadata = flagMetadata;
    values[key] = out;
  }
  return { context, values };
}
