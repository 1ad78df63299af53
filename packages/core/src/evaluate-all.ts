// Evaluates every flag of a document (the web provider's snapshot).
import { evaluateFlag } from './evaluate.js';
import type { CompiledDocument, EvaluateOptions, EvaluationContext, Resolution, TraceStep } from './types.js';

/**
 * Every flag's resolution for `context`, in document order, each asked for its own type.
 * There is no caller default here, so where the caller's default would apply (DISABLED, or no
 * variant chosen and no defaultVariant) the value is `null` and `variant` is absent: a consumer
 * substitutes its own default when `variant` is undefined.
 */
export function evaluateAll(doc: CompiledDocument, context: EvaluationContext, options?: EvaluateOptions): Map<string, Resolution> {
  const out = new Map<string, Resolution>();
  for (const flag of doc.flags.values()) {
    const trace: TraceStep[] | undefined = options?.explain === true ? [] : undefined;
    const resolution = evaluateFlag(flag, flag.type, null, context ?? {}, options?.now, trace);
    if (trace !== undefined) resolution.trace = trace;
    out.set(flag.key, resolution);
  }
  return out;
}
