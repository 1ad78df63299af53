// Validates and compiles one flagd flag: state, variants (one type), defaultVariant, targeting,
// metadata, and Rollgate's `rollout` / `requires` extension keys.
import { documentHash } from '../hash/document-hash.js';
import { childPath } from '../json/json-path.js';
import { isPlainObject, kindOf } from '../json/describe-value.js';
import type { CompileContext } from '../logic/compile-context.js';
import { compileExpression } from '../logic/compile-expression.js';
import { attachResultCache } from '../result-cache.js';
import type { CompiledFlag, CompiledTargeting, FlagMetadata, FlagType, JsonValue } from '../types.js';
import type { ResolvedCompileFlagdOptions } from './compile-options.js';
import { formatCost, type EvaluatorTable, type RefRequester } from './evaluator-table.js';
import type { IssueSink } from './issue-sink.js';
import { parseErrorTargeting, toTargeting } from './to-targeting.js';
import { validateMetadata } from './validate-metadata.js';

const FLAG_KEYS = new Set(['state', 'variants', 'defaultVariant', 'targeting', 'metadata', 'rollout', 'requires']);

export interface FlagCompileInput {
  readonly key: string;
  readonly raw: unknown;
  readonly path: string;
  readonly setMetadata: FlagMetadata;
  readonly evaluators: EvaluatorTable;
  readonly sink: IssueSink;
  readonly options: ResolvedCompileFlagdOptions;
}

/** Returns the compiled flag, or undefined when it has errors (already reported to the sink). */
export function compileFlag(input: FlagCompileInput): CompiledFlag | undefined {
  const { key, raw, path, sink, options } = input;
  const errorsBefore = sink.errors.length;
  const error = (at: string, message: string): void => sink.error(at, message, key);

  if (!isPlainObject(raw)) {
    error(path, `a flag must be an object, got ${kindOf(raw)}`);
    return undefined;
  }
  for (const k of Object.keys(raw)) {
    if (!FLAG_KEYS.has(k)) error(childPath(path, k), `unknown key ${JSON.stringify(k)} (a flag has ${[...FLAG_KEYS].join(', ')})`);
  }

  // state
  const state = raw['state'];
  if (state === undefined) error(childPath(path, 'state'), 'state is required ("ENABLED" or "DISABLED")');
  else if (state !== 'ENABLED' && state !== 'DISABLED') error(childPath(path, 'state'), `state must be "ENABLED" or "DISABLED", got ${JSON.stringify(state)}`);

  // variants: at least one, one shared type
  const variantsPath = childPath(path, 'variants');
  // A rollout flag may leave `variants` out: it is then boolean, {"on": true, "off": false}
  // (the rollout block's default `on`/`off` names). Plain flagd flags still require variants.
  const rawVariants = raw['variants'] === undefined && raw['rollout'] !== undefined ? { on: true, off: false } : raw['variants'];
  const variants: Record<string, JsonValue> = Object.create(null) as Record<string, JsonValue>;
  let type: FlagType | undefined;
  let firstVariant: string | undefined;
  if (rawVariants === undefined) error(variantsPath, 'variants is required (at least one variant)');
  else if (!isPlainObject(rawVariants)) error(variantsPath, `variants must be an object, got ${kindOf(rawVariants)}`);
  else {
    const names = Object.keys(rawVariants);
    if (names.length === 0) error(variantsPath, 'variants must have at least one variant');
    for (const name of names) {
      const value = rawVariants[name];
      const at = childPath(variantsPath, name);
      if (name === '') error(at, 'a variant name must not be empty');
      const kind = variantType(value);
      if (kind === undefined) {
        error(at, `variant values must be booleans, strings, numbers or objects, got ${kindOf(value)}`);
        continue;
      }
      if (kind === 'number' && Math.abs(value as number) > Number.MAX_SAFE_INTEGER) {
        error(at, `number variants must be within ±${Number.MAX_SAFE_INTEGER} (flagd's schema; beyond it JSON numbers are not exact), got ${String(value)}`);
      }
      if (type === undefined) {
        type = kind;
        firstVariant = name;
      } else if (kind !== type) {
        error(at, `variant ${JSON.stringify(name)} is ${article(kind)} but ${JSON.stringify(firstVariant)} is ${article(type)}: all variants of a flag share one type`);
      }
      variants[name] = frozenCopy(value as JsonValue);
    }
  }
  const variantNames = new Set(Object.keys(variants));

  // defaultVariant: absent or null means "the caller's default"
  const rawDefault = raw['defaultVariant'];
  let defaultVariant: string | undefined;
  if (rawDefault !== undefined && rawDefault !== null) {
    if (typeof rawDefault !== 'string') error(childPath(path, 'defaultVariant'), `defaultVariant must be a variant name or null, got ${kindOf(rawDefault)}`);
    else if (isPlainObject(rawVariants) && !variantNames.has(rawDefault)) {
      error(childPath(path, 'defaultVariant'), `defaultVariant ${JSON.stringify(rawDefault)} is not one of the variants (${[...variantNames].join(', ')})`);
    } else defaultVariant = rawDefault;
  }

  // metadata: flag-set metadata overlaid by the flag's own
  const ownMetadata = validateMetadata(raw['metadata'], childPath(path, 'metadata'), sink, key);
  const metadata: FlagMetadata = Object.freeze({ ...input.setMetadata, ...ownMetadata });

  // requires (extension): parent flag keys
  const requires: string[] = [];
  const rawRequires = raw['requires'];
  if (rawRequires !== undefined) {
    const at = childPath(path, 'requires');
    if (options.linkPrerequisites === undefined) error(at, needsRollout(key, '"requires"', options));
    else if (!Array.isArray(rawRequires) || rawRequires.some((r) => typeof r !== 'string' || r === '')) {
      error(at, 'requires must be an array of flag keys');
    } else requires.push(...(rawRequires as string[]));
  }

  // targeting, or the rollout extension that produces targeting
  const refs = new Set<string>();
  let targeting: CompiledTargeting | undefined;
  const rawTargeting = raw['targeting'];
  const hasTargeting = rawTargeting !== undefined && !(isPlainObject(rawTargeting) && Object.keys(rawTargeting).length === 0);
  const rawRollout = raw['rollout'];
  if (rawRollout !== undefined && hasTargeting) {
    error(childPath(path, 'rollout'), 'a flag has either targeting or rollout, not both');
  } else if (rawRollout !== undefined && options.compileRollout === undefined) {
    error(childPath(path, 'rollout'), needsRollout(key, 'a "rollout" block', options));
  } else if (rawRollout !== undefined && options.compileRollout !== undefined) {
    const compiled = options.compileRollout({ flagKey: key, rollout: rawRollout, variants, path: childPath(path, 'rollout') });
    if (compiled.ok) targeting = compiled.value;
    else for (const issue of compiled.error) sink.error(issue.path, issue.message, issue.flagKey ?? key);
  } else if (hasTargeting) {
    const targetingPath = childPath(path, 'targeting');
    if (!isPlainObject(rawTargeting)) {
      error(targetingPath, `targeting must be a JSONLogic rule (an object), got ${kindOf(rawTargeting)}`);
    } else {
      targeting = compileFlagTargeting(input, rawTargeting, targetingPath, variantNames, refs);
    }
  }

  if (sink.errors.length > errorsBefore || type === undefined) return undefined;

  const evaluatorSources: Record<string, unknown> = {};
  for (const name of [...refs].sort()) evaluatorSources[name] = input.evaluators.source(name);
  return attachResultCache({
    key,
    enabled: state === 'ENABLED',
    type,
    variants: Object.freeze(variants),
    defaultVariant,
    metadata,
    requires: Object.freeze(requires),
    targeting,
    path,
    sourceHash: documentHash({ flag: raw, metadata, evaluators: evaluatorSources }),
  });
}

function compileFlagTargeting(
  input: FlagCompileInput,
  rule: Record<string, unknown>,
  path: string,
  variantNames: ReadonlySet<string>,
  refs: Set<string>,
): CompiledTargeting {
  const { key, sink, options, evaluators } = input;
  const failures: { path: string; message: string }[] = [];
  const ctx: CompileContext & RefRequester = {
    flagKey: key,
    variants: variantNames,
    refs,
    fail(at, message) {
      failures.push({ path: at, message });
      if (options.strict) sink.error(at, message, key);
      else sink.warning(at, message, key);
    },
    lint(at, message) {
      if (options.strict) sink.error(at, message, key);
      else sink.warning(at, message, key);
    },
    resolveRef: (name, at, position) => evaluators.resolve(name, at, ctx, position),
    refResults(evaluator, at, results) {
      // The same check as an inline literal result, reported where the literal is written.
      for (const result of results) {
        if (variantNames.has(result.name) || checked.has(result.path)) continue;
        checked.add(result.path);
        ctx.lint(
          result.path,
          `targeting returns ${JSON.stringify(result.name)} through $ref ${JSON.stringify(evaluator)} (at ${at}), which is not a variant of flag ${JSON.stringify(key)} (variants: ${[...variantNames].join(', ')})`,
        );
      }
    },
  };
  // An evaluator used twice reports each bad literal once per flag.
  const checked = new Set<string>();
  const root = compileExpression(ctx, rule, path, 'result');
  if (root.cost > options.maxRuleCost) {
    ctx.fail(path, `rule is too large: one evaluation could run ${formatCost(root.cost)} operations (limit ${options.maxRuleCost}); check for $ref chains that repeat work`);
  }
  const first = failures[0];
  if (first !== undefined) return parseErrorTargeting(key, `${first.message} (at ${first.path})`);
  return toTargeting(root, key, options.maxArrayWork);
}

/** The issue for an extension key used without its extension: says how to turn it on. */
function needsRollout(key: string, what: string, options: ResolvedCompileFlagdOptions): string {
  return `flag ${JSON.stringify(key)} uses ${what}, which needs the rollout extension: ${options.extensionHint}`;
}

function variantType(value: unknown): FlagType | undefined {
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'object':
      return isPlainObject(value) ? 'object' : undefined;
    default:
      return undefined;
  }
}

function article(type: FlagType): string {
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** A deeply frozen copy: a caller mutating a returned object value cannot corrupt the flag. */
function frozenCopy(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as JsonValue[];
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: frozenCopy(v), enumerable: true });
  return Object.freeze(out);
}
