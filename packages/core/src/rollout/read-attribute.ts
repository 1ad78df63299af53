// Reads a dotted attribute path (`org.id`) from an evaluation context, as JSONLogic's `var` does.
import type { EvaluationContext } from '../types.js';

/** A pre-split attribute path, so evaluation does not split strings. */
export type AttributePath = readonly string[];

export function splitAttribute(attribute: string): AttributePath {
  return attribute.split('.');
}

/** The attribute's value, or `undefined` when any segment is missing or not an object. */
export function readAttribute(context: EvaluationContext, path: AttributePath): unknown {
  let current: unknown = context;
  for (let i = 0; i < path.length; i++) {
    if (typeof current !== 'object' || current === null) return undefined;
    const key = path[i] as string;
    // Own properties only: a context must not reach `__proto__` or `constructor`.
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
