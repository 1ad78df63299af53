// Finds every `fractional` split in a flag's targeting JSON, with `$ref`s expanded, so a change
// preview can tell when a running experiment would re-bucket.
import { childPath, indexPath } from '../json/json-path.js';
import type { JsonValue } from '../types.js';

export interface FractionalSplit {
  /** Where the operation sits in the (expanded) targeting. */
  readonly path: string;
  /** The bucketing expression as JSON text; `null` for flagd's default (flag key + targeting key). */
  readonly bucketBy: string | null;
  /** Variant names in the order written (bucket order). */
  readonly variants: readonly string[];
  /** Weights in the same order (1 when omitted, as flagd does). */
  readonly weights: readonly number[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every `fractional` in `targeting`, depth first, `$ref`s replaced from `evaluators` (cycles cut). */
export function fractionalSplits(targeting: unknown, path: string, evaluators: Readonly<Record<string, unknown>>): FractionalSplit[] {
  const out: FractionalSplit[] = [];
  const walk = (node: unknown, at: string, refs: readonly string[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, indexPath(at, i), refs));
      return;
    }
    if (!isObject(node)) return;
    const keys = Object.keys(node);
    if (keys.length === 1 && keys[0] === '$ref' && typeof node['$ref'] === 'string') {
      const name = node['$ref'];
      if (!refs.includes(name)) walk(evaluators[name], childPath('$.$evaluators', name), [...refs, name]);
      return;
    }
    if (keys.length === 1 && keys[0] === 'fractional' && Array.isArray(node['fractional'])) {
      const args = node['fractional'] as unknown[];
      let first = 0;
      let bucketBy: string | null = null;
      if (args.length > 0 && !Array.isArray(args[0])) {
        bucketBy = JSON.stringify(args[0] as JsonValue);
        first = 1;
      }
      const variants: string[] = [];
      const weights: number[] = [];
      for (const entry of args.slice(first)) {
        if (!Array.isArray(entry)) continue;
        variants.push(JSON.stringify(entry[0] as JsonValue));
        weights.push(typeof entry[1] === 'number' ? entry[1] : 1);
      }
      out.push({ path: childPath(at, 'fractional'), bucketBy, variants, weights });
    }
    for (const key of keys) walk(node[key], childPath(at, key), refs);
  };
  walk(targeting, path, []);
  return out;
}
