// flagd's `fractional`: deterministic weighted bucketing, algorithm "fractional-v2".
//
//   {"fractional": [ <bucketing expression>?, [variant, weight?], [variant, weight?], ... ]}
//
// The bucketing string is the first argument when it is an expression (a literal string is hashed
// as given, as flagd does, but flagd's schema forbids it, so it is reported); otherwise, or when
// that expression yields no string (a missing attribute), `$flagd.flagKey + targetingKey`, as
// flagd's specification and its Go evaluator say (flagd-core JS answers null there instead). Its
// MurmurHash3 x86_32 (UTF-8, seed 0) picks the bucket `floor(hash * totalWeight / 2^32)`; the
// variant is the first whose running weight sum exceeds it.
// Weights are integers (default 1), negatives count as 0, their sum must not exceed 2^31 - 1.
// Variant names and weights may be expressions (flagd's "nested fractional").
// Anything malformed at evaluation time yields null (the flag's default variant), as in flagd.
import { describeValue } from '../json/describe-value.js';
import { indexPath } from '../json/json-path.js';
import { FRACTIONAL_ALGORITHM, FRACTIONAL_MAX_TOTAL_WEIGHT, fractionalBucket } from '../hash/fractional-v2.js';
import { murmur3_32, murmur3_32_concat, murmur3_32_continue, murmur3Prefix } from '../hash/murmur3.js';
import type { JsonValue, TraceStep } from '../types.js';
import type { OperatorSite } from './compile-context.js';
import { operationNode, sourceLabel, type CompiledNode, type Expr, type Position } from './expression.js';

type BucketName = string | number | boolean | null;

export function compileFractional(site: OperatorSite): CompiledNode {
  const { ctx, path, args } = site;
  const label = sourceLabel(site.source);
  const nullNode = (why: string): CompiledNode =>
    operationNode((_d, _e, t) => {
      if (t !== undefined) t.push({ path, message: `fractional: ${why}: null` });
      return null;
    }, 1, label);

  const hasBucketBy = args.length > 0 && !Array.isArray(args[0]);
  const bucketBy = hasBucketBy ? site.arg(0) : undefined;
  if (bucketBy !== undefined && bucketBy.constant && typeof bucketBy.value !== 'string') {
    ctx.lint(indexPath(path, 0), `fractional: the bucketing value must be a string or an expression, got ${JSON.stringify(bucketBy.value)}`);
    return nullNode('the bucketing value is not a string');
  }
  if (bucketBy !== undefined && bucketBy.constant) {
    // flagd's schema wants a rule here; a literal is hashed as given (as flagd does), the same for all.
    const literal = JSON.stringify(bucketBy.value);
    ctx.lint(
      indexPath(path, 0),
      `fractional: the bucketing value is the literal ${literal}, the same for every context, so every unit lands in one bucket; use a rule such as {"var": ${literal}}`,
    );
  }
  const first = hasBucketBy ? 1 : 0;
  if (args.length - first < 1) {
    ctx.lint(path, 'fractional needs at least one bucket ([variant, weight])');
    return nullNode('no buckets');
  }
  // Bucket names are results when fractional itself is the result (checked against the variants).
  const namePosition: Position = site.position;
  const names: CompiledNode[] = [];
  const weights: CompiledNode[] = [];
  for (let i = first; i < args.length; i++) {
    const entry = args[i];
    const entryPath = indexPath(path, i);
    if (!Array.isArray(entry) || entry.length < 1 || entry.length > 2) {
      ctx.lint(entryPath, `fractional bucket must be [variant] or [variant, weight], got ${describeValue(entry)}`);
      return nullNode(`bucket ${i - first + 1} is malformed`);
    }
    const name = site.compile(entry[0], indexPath(entryPath, 0), namePosition);
    if (name.constant && name.value !== null && typeof name.value === 'object') {
      ctx.lint(indexPath(entryPath, 0), 'fractional bucket variant must be a string, number or boolean');
    }
    names.push(name);
    const weight = entry.length === 2 ? site.compile(entry[1], indexPath(entryPath, 1)) : undefined;
    if (weight !== undefined && weight.constant) {
      const w = weight.value;
      if (typeof w !== 'number' || !Number.isInteger(w)) ctx.lint(indexPath(entryPath, 1), `fractional weight must be an integer, got ${JSON.stringify(w)}`);
      else if (w < 0) ctx.lint(indexPath(entryPath, 1), `fractional weight ${w} is negative (it counts as 0)`);
    }
    weights.push(weight ?? { run: () => 1, cost: 1, label: '1', constant: true, value: 1, isVar: false });
  }
  const count = names.length;
  const allConstant = names.every((n) => n.constant) && weights.every((w) => w.constant);
  const cost = 1 + (bucketBy?.cost ?? 0) + names.reduce((s, n) => s + n.cost, 0) + weights.reduce((s, w) => s + w.cost, 0);

  // Per-node scratch space for evaluated buckets: reused, so evaluation allocates nothing.
  // (Safe: evaluation is synchronous and a node never runs inside itself.)
  const bucketNames: BucketName[] = new Array<BucketName>(count).fill(null);
  const bucketWeights: number[] = new Array<number>(count).fill(0);
  let constantTotal = 0;
  let constantValid = true;
  if (allConstant) {
    for (let i = 0; i < count; i++) {
      const n = (names[i] as CompiledNode).value;
      const w = (weights[i] as CompiledNode).value;
      if ((n !== null && typeof n === 'object') || typeof w !== 'number' || !Number.isInteger(w)) constantValid = false;
      bucketNames[i] = n as BucketName;
      bucketWeights[i] = typeof w === 'number' ? Math.max(0, w) : 0;
      constantTotal += bucketWeights[i] as number;
    }
    if (constantTotal > FRACTIONAL_MAX_TOTAL_WEIGHT) {
      ctx.lint(path, `fractional weights sum to ${constantTotal}, above the maximum ${FRACTIONAL_MAX_TOTAL_WEIGHT}`);
      constantValid = false;
    }
    if (constantValid && constantTotal === 0) ctx.lint(path, 'fractional weights are all 0: it always yields null');
    if (!constantValid) return nullNode('invalid buckets');
  }
  const bucketByRun = bucketBy?.run;
  // Inside a flag's own targeting the flag key is known now: hash it once, and per evaluation
  // hash only the targeting key (the env's key is still checked, since evaluators are shared).
  const flagKey = ctx.flagKey;
  const prefix = flagKey !== undefined && !/[\ud800-\udbff]$/.test(flagKey) ? murmur3Prefix(flagKey) : undefined;
  const nameRuns = names.map((n) => n.run);
  const weightRuns = weights.map((w) => w.run);

  const run: Expr = (data, env, trace) => {
    // 1. The bucketing string's hash.
    let hash: number;
    let input = ''; // what was hashed, for the trace only
    const bucketKey = bucketByRun !== undefined ? bucketByRun(data, env, trace) : undefined;
    if (typeof bucketKey === 'string') {
      hash = murmur3_32(bucketKey);
      if (trace !== undefined) input = `${JSON.stringify(bucketKey)}`;
    } else {
      if (bucketByRun !== undefined && trace !== undefined) {
        trace.push({ path: indexPath(path, 0), message: `fractional: the bucketing value ${describeValue(bucketKey)} is not a string: bucketing on $flagd.flagKey + targetingKey` });
      }
      const targetingKey = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)['targetingKey'] : undefined;
      if (targetingKey === undefined || targetingKey === null || targetingKey === '' || targetingKey === false || targetingKey === 0) {
        if (trace !== undefined) trace.push({ path, message: 'fractional: no targetingKey in the context to bucket by: null' });
        return null;
      }
      const key = typeof targetingKey === 'string' ? targetingKey : String(targetingKey);
      hash = prefix !== undefined && env.flagKey === prefix.prefix ? murmur3_32_continue(prefix, key) : murmur3_32_concat(env.flagKey, key);
      if (trace !== undefined) input = `$flagd.flagKey + targetingKey = ${JSON.stringify(env.flagKey + String(targetingKey))}`;
    }
    // 2. The buckets (evaluated when they are expressions).
    let total = constantTotal;
    if (!allConstant) {
      total = 0;
      for (let i = 0; i < count; i++) {
        const n = (nameRuns[i] as Expr)(data, env, trace);
        const w = (weightRuns[i] as Expr)(data, env, trace);
        if (n !== null && n !== undefined && typeof n !== 'string' && typeof n !== 'number' && typeof n !== 'boolean') {
          if (trace !== undefined) trace.push({ path: indexPath(path, first + i), message: `fractional: bucket variant ${describeValue(n)} is not a string, number or boolean: null` });
          return null;
        }
        if (typeof w !== 'number' || !Number.isInteger(w)) {
          if (trace !== undefined) trace.push({ path: indexPath(path, first + i), message: `fractional: bucket weight ${describeValue(w)} is not an integer: null` });
          return null;
        }
        bucketNames[i] = n === undefined ? null : n;
        bucketWeights[i] = w < 0 ? 0 : w;
        total += bucketWeights[i] as number;
      }
      if (total > FRACTIONAL_MAX_TOTAL_WEIGHT) {
        if (trace !== undefined) trace.push({ path, message: `fractional: weights sum to ${total}, above ${FRACTIONAL_MAX_TOTAL_WEIGHT}: null` });
        return null;
      }
    }
    // 3. fractional-v2: the bucket value, then the first bucket whose running sum exceeds it.
    const bucket = fractionalBucket(hash, total);
    let sum = 0;
    for (let i = 0; i < count; i++) {
      sum += bucketWeights[i] as number;
      if (sum > bucket) {
        const chosen = bucketNames[i] as BucketName;
        if (trace !== undefined) explain(trace, path, input, hash, bucket, total, count, bucketNames, bucketWeights, chosen);
        return chosen;
      }
    }
    if (trace !== undefined) explain(trace, path, input, hash, bucket, total, count, bucketNames, bucketWeights, null);
    return null;
  };
  return operationNode(run, cost, label);
}

function explain(
  trace: TraceStep[],
  path: string,
  input: string,
  hash: number,
  bucket: number,
  total: number,
  count: number,
  names: readonly BucketName[],
  weights: readonly number[],
  chosen: BucketName,
): void {
  const buckets: JsonValue[] = [];
  const byVariant: Record<string, number> = {};
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = String(names[i]);
    buckets.push([names[i] as BucketName, weights[i] as number]);
    byVariant[name] = (byVariant[name] ?? 0) + (weights[i] as number);
    parts.push(`${name}:${weights[i] as number}`);
  }
  trace.push({
    path,
    message:
      total === 0
        ? `fractional (${FRACTIONAL_ALGORITHM}): every weight is 0: null`
        : `fractional (${FRACTIONAL_ALGORITHM}) on ${input}: hash ${hash}, bucket ${bucket} of ${total}; weights ${parts.join(' ')} → ${JSON.stringify(chosen)}`,
    data: { algorithm: FRACTIONAL_ALGORITHM, hash, bucket, totalWeight: total, weights: byVariant, buckets, variant: chosen },
  });
}
