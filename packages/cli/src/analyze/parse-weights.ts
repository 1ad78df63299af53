// `--weights control=50,test=50` -> { control: 50, test: 50 }.
import { UsageError } from '../errors/usage-error.js';

/** `--weights` parsed: the weights, and the variants in the order written. */
export interface ParsedWeights {
  weights: Record<string, number>;
  /** As written: a JS object lists integer-like names ("1", "2") first, whatever the text said. */
  order: string[];
}

/** Parses VARIANT=WEIGHT pairs separated by commas; weights are positive numbers (any scale). */
export function parseWeights(text: string, command: string): ParsedWeights {
  // No prototype: a variant may be named "toString", "constructor" or "__proto__".
  const weights: Record<string, number> = Object.create(null) as Record<string, number>;
  const order: string[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*([^=\s]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match) throw new UsageError(`--weights: expected VARIANT=WEIGHT pairs like control=50,test=50, got "${part}"`, command);
    const [, variant, weight] = match;
    if (Object.hasOwn(weights, variant!)) throw new UsageError(`--weights: variant "${variant}" is given twice`, command);
    const value = Number(weight);
    if (!(value > 0)) throw new UsageError(`--weights: "${variant}" needs a positive weight, got ${weight}`, command);
    weights[variant!] = value;
    order.push(variant!);
  }
  if (order.length < 2) throw new UsageError('--weights: give at least two variants', command);
  return { weights, order };
}
