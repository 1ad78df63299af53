// Evaluates every flag of a document (the web provider's snapshot).
import { evaluateFlag } from './evaluate.js';
import type { CompiledDocument, EvaluateOptions, EvaluationContext, Resolution, TraceStep } from './types.js';

/**
 * Every flag's resolution for `context`, each asked for its own type, in the order of the parsed
 * `flags` object's keys: JavaScript puts integer-like keys ("42") first, ascending, then the others
 * in document order (JSON.parse and Object.entries do; we do not re-parse to undo it).
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
