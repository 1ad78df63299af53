// Links `requires` (sub-feature flags): a flag is off for a context whenever a flag it requires is.
import { documentHash } from '../hash/document-hash.js';
import { describeValue } from '../json/describe-value.js';
import { childPath, indexPath } from '../json/json-path.js';
import {
  TargetingFailure,
  type CompiledFlag,
  type CompiledTargeting,
  type DefinitionIssue,
  type EvaluationContext,
  type Result,
  type RuleEnv,
  type TraceStep,
} from '../types.js';
import { registerRollout, rolloutOf } from './rollout-registry.js';

/** Why a parent counts as off for a context (allocated only on that path). */
export class ParentOff {
  constructor(readonly why: string) {}
}

/**
 * The env a parent's targeting sees: its own flag key, and the child's clock read lazily through
 * the child's env (a parent and its child agree on `$flagd.timestamp`, and neither reads the clock
 * unless a rule uses it). One per (child, parent) edge, reused: evaluation is synchronous and the
 * graph is acyclic, so an edge is never re-entered while in use.
 */
class ParentEnv implements RuleEnv {
  inner: RuleEnv | undefined = undefined;
  constructor(readonly flagKey: string) {}
  get now(): number {
    return this.inner === undefined ? Date.now() : this.inner.now;
  }
}

/**
 * The parent's variant for a context, or `ParentOff` saying why it counts as OFF. It fails
 * closed: a sub-feature never turns on because its parent could not be resolved. A parent is off
 * when:
 * - it is disabled (`state: DISABLED`);
 * - its targeting failed (it would resolve to an error);
 * - it resolves to no variant (no default variant: the caller's default would be served);
 * - it resolves to its rollout's `off` variant (rollout flags), or to a variant whose value is
 *   `false` (any flag).
 * Anything else (`true`, a string such as "test", a number, an object) counts as ON.
 * `env` is the env the parent's targeting runs with (its `flagKey` is the parent's).
 */
export function parentState(parent: CompiledFlag, context: EvaluationContext, env: RuleEnv, trace: TraceStep[] | undefined): string | ParentOff {
  if (!parent.enabled) return new ParentOff('is disabled');
  let variant: string | undefined = parent.defaultVariant;
  if (parent.targeting !== undefined) {
    let result: ReturnType<CompiledTargeting>;
    try {
      result = parent.targeting(context, env, trace);
    } catch (err) {
      // Targeting never throws by contract; if one ever does, the child stays off, the host lives.
      return new ParentOff(`failed to evaluate (${err instanceof Error ? err.message : String(err)})`);
    }
    if (result instanceof TargetingFailure) return new ParentOff(`failed to evaluate (${result.errorCode}: ${result.errorMessage})`);
    if (result !== null) variant = result;
  }
  if (variant === undefined) return new ParentOff('resolves to no variant (it has no default variant)');
  if (!Object.prototype.hasOwnProperty.call(parent.variants, variant)) return new ParentOff(`resolves to unknown variant "${variant}"`);
  const rollout = rolloutOf(parent.targeting);
  if (rollout !== undefined && variant === rollout.spec.off) return new ParentOff(`is off (variant "${variant}")`);
  if (parent.variants[variant] === false) return new ParentOff(`is off (variant "${variant}" = false)`);
  return variant;
}

/**
 * The variant a child serves while a parent is off: its rollout's `off` variant; else, for a
 * boolean flag, its first variant whose value is `false`; else `null` (its default variant, or the
 * caller's default when it has none). `undefined`: a boolean flag with no `false` variant, which
 * could never be switched off (rejected at load).
 */
export function offVariantOf(flag: CompiledFlag): string | null | undefined {
  const rollout = rolloutOf(flag.targeting);
  if (rollout !== undefined) return rollout.spec.off;
  if (flag.type === 'boolean') {
    for (const [name, value] of Object.entries(flag.variants)) if (value === false) return name;
    return undefined;
  }
  return null;
}

/** One issue per cycle, named as a chain `a -> b -> a` (a self-reference is `a -> a`). */
function findCycles(flags: ReadonlyMap<string, CompiledFlag>): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (key: string): void => {
    state.set(key, 'visiting');
    stack.push(key);
    const flag = flags.get(key)!;
    flag.requires.forEach((parent, i) => {
      if (!flags.has(parent)) return; // reported as missing
      const s = state.get(parent);
      if (s === 'visiting') {
        // The back edge closes exactly one new cycle; DFS reports each back edge once.
        const cycle = [...stack.slice(stack.indexOf(parent)), parent];
        issues.push({ path: indexPath(childPath(flag.path, 'requires'), i), flagKey: key, message: `requires cycle: ${cycle.join(' -> ')}` });
      } else if (s === undefined) {
        visit(parent);
      }
    });
    stack.pop();
    state.set(key, 'done');
  };
  for (const key of flags.keys()) if (!state.has(key)) visit(key);
  return issues;
}

/** `a -> b -> key`: one chain of flags that transitively require `key`, for messages. */
function dependentsChain(flags: ReadonlyMap<string, CompiledFlag>, key: string): string[] {
  const chain = [key];
  const seen = new Set(chain);
  for (;;) {
    const head = chain[0]!;
    let next: CompiledFlag | undefined;
    for (const f of flags.values()) {
      if (f.requires.includes(head) && !seen.has(f.key)) {
        next = f;
        break;
      }
    }
    if (next === undefined) return chain;
    chain.unshift(next.key);
    seen.add(next.key);
  }
}

/**
 * Checks every `requires` edge, then returns flags whose targeting first checks their parents.
 *
 * Rejected at load, naming the chain: a parent that is not defined
 * (`requires "c", which is not defined (a -> b -> c)`), any cycle (`requires cycle: a -> b -> a`),
 * a parent listed twice, and a boolean child without a `false` variant (it could never be off).
 *
 * At evaluation, parents are checked in the order listed; the first parent that is off
 * (`parentState`) makes the child serve its off variant (`offVariantOf`), so OpenFeature clients see
 * reason TARGETING_MATCH and the child's off variant. The explain trace carries the parent's own
 * steps, then `requires "parent": parent is off ...` with `data: { rule: "requires", parent }`.
 * Each child's flag metadata gains `requires: "parent1,parent2"` (unless it already defines that
 * key), so OpenFeature clients can read the dependency without the trace.
 */
export function linkPrerequisites(flags: Map<string, CompiledFlag>): Result<Map<string, CompiledFlag>, DefinitionIssue[]> {
  const issues: DefinitionIssue[] = [];
  for (const flag of flags.values()) {
    const seen = new Set<string>();
    flag.requires.forEach((parent, i) => {
      const path = indexPath(childPath(flag.path, 'requires'), i);
      if (seen.has(parent)) issues.push({ path, flagKey: flag.key, message: `requires "${parent}" twice` });
      seen.add(parent);
      if (parent !== flag.key && !flags.has(parent)) {
        issues.push({ path, flagKey: flag.key, message: `requires "${parent}", which is not defined (${[...dependentsChain(flags, flag.key), parent].join(' -> ')})` });
      }
    });
    if (flag.requires.length > 0 && offVariantOf(flag) === undefined) {
      issues.push({ path: childPath(flag.path, 'variants'), flagKey: flag.key, message: `requires ${flag.requires.map((p) => `"${p}"`).join(', ')} but has no variant whose value is false to serve while a parent is off` });
    }
  }
  issues.push(...findCycles(flags));
  if (issues.length > 0) return { ok: false, error: issues };

  // Link parents first, so a child's closure captures its parents' linked versions and a
  // grandparent that is off turns off the whole chain.
  const linked = new Map<string, CompiledFlag>();
  const link = (key: string): CompiledFlag => {
    const done = linked.get(key);
    if (done !== undefined) return done;
    const flag = flags.get(key)!;
    if (flag.requires.length === 0) {
      linked.set(key, flag);
      return flag;
    }
    const parents = flag.requires.map(link);
    const paths = flag.requires.map((_, i) => indexPath(childPath(flag.path, 'requires'), i));
    const own = flag.targeting;
    const off = offVariantOf(flag) as string | null;
    const offText = off === null ? 'its default variant' : `variant "${off}"`;
    const envs = parents.map((p) => new ParentEnv(p.key));
    const targeting: CompiledTargeting = (context, env, trace) => {
      for (let i = 0; i < parents.length; i++) {
        const parent = parents[i]!;
        const parentEnv = envs[i]!;
        parentEnv.inner = env;
        let state: string | ParentOff;
        try {
          state = parentState(parent, context, parentEnv, trace);
        } finally {
          parentEnv.inner = undefined;
        }
        if (state instanceof ParentOff) {
          trace?.push({ path: paths[i]!, message: `requires "${parent.key}": parent ${state.why} for this context -> "${flag.key}" is off, ${offText}`, data: { rule: 'requires', parent: parent.key, decision: 'out' } });
          return off;
        }
        trace?.push({ path: paths[i]!, message: `requires "${parent.key}": parent is on (variant ${describeValue(state)})`, data: { rule: 'requires', parent: parent.key, decision: 'pass' } });
      }
      return own === undefined ? null : own(context, env, trace);
    };
    // The wrapper stands for the rollout too, so `rolloutOf` sees through linking.
    const rollout = rolloutOf(own);
    if (rollout !== undefined) registerRollout(targeting, rollout);
    const metadata = Object.prototype.hasOwnProperty.call(flag.metadata, 'requires') ? flag.metadata : Object.freeze({ ...flag.metadata, requires: flag.requires.join(',') });
    // A child's answers depend on its parents' definitions, so its hash covers theirs: then
    // `diffDocuments` (CONFIGURATION_CHANGED) lists the child when only a parent changed.
    const sourceHash = flag.sourceHash === undefined ? undefined : documentHash({ own: flag.sourceHash, requires: parents.map((p) => p.sourceHash ?? null) });
    const result: CompiledFlag = { ...flag, metadata, targeting, ...(sourceHash === undefined ? {} : { sourceHash }) };
    linked.set(key, result);
    return result;
  };
  for (const key of flags.keys()) link(key);
  return { ok: true, value: linked };
}
