// PostHog's local evaluation over the compiled form: the same decisions, in the same order, as
// posthog-node's local evaluation (conditions, rollouts, variants, holdouts, early exit, group
// and mixed targeting, flag dependencies, cohorts, and the fallbacks it cannot decide).
import type { EvaluationContext, TraceStep } from '../types.js';
import { bucketHash, HOLDOUT_PREFIX, NO_SALT, VARIANT_SALT } from './bucket-hash.js';
import type { Clock } from './compile-property.js';
import type {
  CompiledCohort,
  CompiledCondition,
  CompiledFilter,
  CompiledPosthogDocument,
  CompiledPosthogFlag,
  PosthogValue,
} from './compiled-types.js';
import { MISSING, PropertySource } from './property-source.js';
import { pickReason, Unresolved, type UnresolvedReason } from './unresolved.js';

/** Deeper chains than this are cycles PostHog's definitions should never contain. */
const MAX_DEPTH = 32;
const hasOwn = Object.prototype.hasOwnProperty;

const NO_CONTEXT: EvaluationContext = Object.freeze({});

/**
 * One evaluation's inputs, read from an OpenFeature context (see README: context mapping).
 * Reused from one evaluation to the next (see `decideFlag`): `reset` starts an evaluation,
 * `release` drops its references.
 */
export class EvaluationState {
  doc: CompiledPosthogDocument | undefined = undefined;
  context: EvaluationContext = NO_CONTEXT;
  distinctId = '';
  /** Read only by date filters: `RuleEnv` reads `Date.now()` on first use. */
  clock: Clock | undefined = undefined;
  trace: TraceStep[] | undefined = undefined;
  depth = 0;
  private readonly personSource = new PropertySource(undefined, 'distinct_id', '', true);
  private personReady = false;

  reset(doc: CompiledPosthogDocument, context: EvaluationContext, distinctId: string, clock: Clock, trace: TraceStep[] | undefined): void {
    this.doc = doc;
    this.context = context;
    this.distinctId = distinctId;
    this.clock = clock;
    this.trace = trace;
    this.depth = 0;
    this.personReady = false;
  }

  release(): void {
    this.doc = undefined;
    this.context = NO_CONTEXT;
    this.clock = undefined;
    this.trace = undefined;
    this.personSource.values = undefined;
  }

  /** The person's properties, set up on first use (a pure rollout never reads them). */
  get person(): PropertySource {
    if (!this.personReady) {
      this.personSource.values = this.context;
      this.personSource.implicitValue = this.distinctId;
      this.personReady = true;
    }
    return this.personSource;
  }

  groupKey(groupType: string): string | undefined {
    const groups = objectAt(this.context, 'groups');
    if (groups === undefined || !hasOwn.call(groups, groupType)) return undefined;
    return String(groups[groupType]);
  }

  groupSource(groupType: string, groupKey: string): PropertySource {
    const all = objectAt(this.context, 'groupProperties');
    const values = all === undefined ? undefined : objectAt(all, groupType);
    return new PropertySource(values, '$group_key', groupKey, false);
  }
}

/** A state not in use, kept for the next evaluation (evaluation is synchronous). */
let idleState: EvaluationState | undefined;

/**
 * A flag's PostHog value for a context, or why local evaluation cannot decide it: `flagValue`
 * over an EvaluationState taken from (and given back to) a one-slot pool. A nested call (a
 * context getter evaluating a flag) finds the slot empty and uses a state of its own.
 */
export function decideFlag(
  flag: CompiledPosthogFlag,
  doc: CompiledPosthogDocument,
  context: EvaluationContext,
  distinctId: string,
  clock: Clock,
  trace: TraceStep[] | undefined,
): PosthogValue | Unresolved {
  const state = idleState ?? new EvaluationState();
  idleState = undefined;
  state.reset(doc, context, distinctId, clock, trace);
  const value = flagValue(flag, state);
  state.release();
  idleState = state;
  return value;
}

function objectAt(record: Readonly<Record<string, unknown>>, key: string): Readonly<Record<string, unknown>> | undefined {
  if (!hasOwn.call(record, key)) return undefined;
  const value = record[key];
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/** `cause` as an inconclusive outcome with the given regex mark: itself when it already is one. */
function inconclusive(cause: Unresolved, regex: boolean): Unresolved {
  return cause.kind === 'inconclusive' && cause.regex === regex ? cause : new Unresolved('inconclusive', cause.reason, cause.message, regex);
}

/** The higher-precedence of two undecided outcomes (the first wins a tie), kept for its message. */
function worse(current: Unresolved | undefined, next: Unresolved): Unresolved {
  return current === undefined || next.rank < current.rank ? next : current;
}

const MATCH = 1;
const NO_MATCH = 0;
const OUT_OF_ROLLOUT = 2;

function note(state: EvaluationState, path: string, message: string, data?: TraceStep['data']): void {
  state.trace?.push(data ? { path, message, data } : { path, message });
}

function matchingVariant(flag: CompiledPosthogFlag, bucketing: string): string | undefined {
  const variants = flag.variants;
  if (variants.length === 0) return undefined;
  const h = bucketHash(flag.hashPrefix, bucketing, VARIANT_SALT);
  for (let i = 0; i < variants.length; i++) {
    const v = variants[i]!;
    if (h >= v.min && h < v.max) return v.key;
  }
  return undefined;
}

function expectedMatches(expected: unknown, value: PosthogValue | undefined): boolean {
  if (typeof expected === 'boolean') {
    return expected === value || (typeof value === 'string' && value !== '' && expected === true);
  }
  if (typeof expected === 'string') return value === expected;
  return false;
}

function dependency(filter: Extract<CompiledFilter, { kind: 'flag' }>, state: EvaluationState): boolean | Unresolved {
  if (filter.problem) return filter.problem;
  let target: PosthogValue | undefined;
  for (const depKey of filter.chain) {
    const dep = state.doc!.flags.get(depKey)!;
    let value: PosthogValue | Unresolved;
    if (!dep.active) {
      value = false;
    } else {
      value = flagValue(dep, state);
      if (value instanceof Unresolved) {
        return new Unresolved(
          value.kind,
          'unresolved_dependency',
          `flag dependency '${depKey}' of '${filter.targetKey}': ${value.message}`,
          value.kind === 'inconclusive' && value.regex,
        );
      }
    }
    if (depKey === filter.targetKey) target = value;
  }
  return expectedMatches(filter.expected, target);
}

function cohortMatch(
  filter: Extract<CompiledFilter, { kind: 'cohort' }>,
  source: PropertySource,
  state: EvaluationState,
): boolean | Unresolved {
  const cohort = state.doc!.cohorts.get(filter.cohortId);
  if (cohort === undefined) {
    return new Unresolved('server', 'unsupported_definition', `cohort ${filter.cohortId} is not in the definitions (a static cohort): PostHog's server decides`);
  }
  if (state.depth > MAX_DEPTH) return new Unresolved('server', 'unsupported_definition', 'cohorts nest too deeply');
  state.depth++;
  const r = cohortGroup(cohort, source, state);
  state.depth--;
  if (r instanceof Unresolved) return r;
  return filter.negated ? !r : r;
}

function cohortGroup(group: CompiledCohort, source: PropertySource, state: EvaluationState): boolean | Unresolved {
  switch (group.kind) {
    case 'empty':
      return true;
    case 'unsupported':
      return new Unresolved('server', 'unsupported_definition', group.message);
    case 'none':
      return group.and;
    case 'groups':
    case 'filters': {
      let cause: Unresolved | undefined;
      let regex = false;
      const n = group.kind === 'groups' ? group.groups.length : group.filters.length;
      for (let i = 0; i < n; i++) {
        let r: boolean | Unresolved;
        let negation = false;
        if (group.kind === 'groups') {
          r = cohortGroup(group.groups[i]!, source, state);
        } else {
          const item = group.filters[i]!;
          negation = item.negation;
          r = filterMatch(item.filter, source, state);
        }
        if (r instanceof Unresolved) {
          if (r.kind === 'server') return r;
          cause = worse(cause, r);
          regex ||= r.regex;
          continue;
        }
        const effective = negation ? !r : r;
        if (group.and && !effective) return false;
        if (!group.and && effective) return true;
      }
      if (cause) return inconclusive(cause, regex);
      return group.and;
    }
  }
}

function filterMatch(filter: CompiledFilter, source: PropertySource, state: EvaluationState): boolean | Unresolved {
  switch (filter.kind) {
    case 'property':
      return filter.property.match(source, state.clock!);
    case 'cohort':
      return cohortMatch(filter, source, state);
    case 'flag':
      return dependency(filter, state);
  }
}

function conditionMatch(
  flag: CompiledPosthogFlag,
  condition: CompiledCondition,
  bucketing: string,
  sourceOrPerson: PropertySource | null,
  state: EvaluationState,
): number | Unresolved {
  const filters = condition.filters;
  // Built only for explain: the fast path allocates no strings.
  const path = state.trace ? `${flag.path}.filters.groups[${condition.index}]` : '';
  if (filters.length > 0) {
    const source = sourceOrPerson ?? state.person;
    let cause: Unresolved | undefined;
    let regex: Unresolved | undefined;
    let server: Unresolved | undefined;
    for (let i = 0; i < filters.length; i++) {
      const filter = filters[i]!;
      const r = filterMatch(filter, source, state);
      if (r instanceof Unresolved) {
        if (r.kind === 'server') {
          if (cause === undefined) server ??= r;
        } else if (r.regex) {
          regex = r;
        }
        cause = worse(cause, r);
        if (state.trace) note(state, `${path}.properties[${i}]`, `cannot decide locally (${r.reason}): ${r.message}`);
        continue;
      }
      if (state.trace) {
        const what = filter.kind === 'property' ? `${filter.property.key} ${filter.property.operator}` : filter.kind === 'cohort' ? `cohort ${filter.cohortId}` : `flag ${filter.targetKey}`;
        const actual = filter.kind === 'property' ? source.lookup(filter.property.key) : undefined;
        note(state, `${path}.properties[${i}]`, `${what}: ${r}${actual !== undefined && actual !== MISSING ? ` (value ${JSON.stringify(actual)})` : ''}`);
      }
      if (!r) return NO_MATCH;
    }
    if (server) return server;
    if (cause) return inconclusive(cause, regex !== undefined);
    if (condition.rollout === undefined) return MATCH;
  }
  // A hash is at most 1, so a rollout of 100% or more admits everyone: skip the SHA-1.
  if (condition.rollout !== undefined && (condition.rollout < 100 || state.trace)) {
    const h = bucketHash(flag.hashPrefix, bucketing, NO_SALT);
    const inside = !(h > condition.rollout / 100);
    if (state.trace) {
      note(state, `${path}.rollout_percentage`, `bucket ${h.toFixed(6)} ${inside ? '<=' : '>'} ${condition.rollout}%`, {
        bucket: h,
        rollout: condition.rollout,
      });
    }
    if (!inside) return OUT_OF_ROLLOUT;
  }
  return MATCH;
}

function matchedValue(flag: CompiledPosthogFlag, condition: CompiledCondition, bucketing: string, state: EvaluationState): PosthogValue {
  if (condition.variant !== undefined) return condition.variant;
  const v = matchingVariant(flag, bucketing);
  if (state.trace && flag.variants.length > 0) {
    note(state, `${flag.path}.filters.multivariate`, v === undefined ? 'no variant range holds the bucket' : `variant ${v}`, {
      bucket: bucketHash(flag.hashPrefix, bucketing, VARIANT_SALT),
    });
  }
  // `||` as PostHog: a variant keyed "" reads as plain true.
  return v || true;
}

/** `source` null: the person's properties, built only if a filter reads them. */
function matchConditions(flag: CompiledPosthogFlag, bucketing: string, source: PropertySource | null, state: EvaluationState): PosthogValue | Unresolved {
  const holdout = flag.holdout;
  if (holdout !== undefined && (holdout.percentage === 100 || !(bucketHash(HOLDOUT_PREFIX, bucketing, NO_SALT) > holdout.percentage / 100))) {
    if (state.trace) note(state, `${flag.path}.filters.holdout`, `held out: ${holdout.variant}`);
    return holdout.variant;
  }
  let result: PosthogValue | undefined;
  let cause: Unresolved | undefined;
  let regex: Unresolved | undefined;
  let deferred: PosthogValue[] | undefined;
  const conditions = flag.conditions;
  for (let c = 0; c < conditions.length; c++) {
    const condition = conditions[c]!;
    let bucket = bucketing;
    let props = source;
    if (condition.groupOverride !== undefined) {
      const groupKey = condition.groupOverride === null ? undefined : state.groupKey(condition.groupOverride);
      if (groupKey === undefined) {
        if (state.trace) note(state, `${flag.path}.filters.groups[${c}]`, 'skipped: its group is not in the context');
        continue;
      }
      bucket = groupKey;
      props = state.groupSource(condition.groupOverride!, groupKey);
    }
    const r = conditionMatch(flag, condition, bucket, props, state);
    if (r === MATCH) {
      result = matchedValue(flag, condition, bucket, state);
      if (state.trace) note(state, `${flag.path}.filters.groups[${c}]`, `condition matched: ${String(result)}`);
      break;
    }
    if (r === OUT_OF_ROLLOUT && flag.earlyExit) {
      if (cause) break;
      return false;
    }
    if (r instanceof Unresolved) {
      if (r.kind === 'server') {
        const final = pickReason(pickReason(cause?.reason, r.reason), flag.definitionReason ?? r.reason);
        return r.withReason(final);
      }
      cause = worse(cause, r);
      if (r.regex) {
        regex = r;
        deferred ??= [];
        deferred.push(
          flag.earlyExit && condition.rollout !== undefined && bucketHash(flag.hashPrefix, bucket, NO_SALT) > condition.rollout / 100
            ? false
            : condition.variant ?? (matchingVariant(flag, bucket) || true),
        );
      }
    }
  }
  if (result !== undefined && !(regex && deferred!.some((v) => v !== result))) return result;
  if (cause) return inconclusive(cause, regex !== undefined);
  return false;
}

/**
 * The value of a `rolloutOnly` flag for a distinct id: the decisions `matchConditions` makes for
 * conditions without filters (the first condition whose rollout admits the id wins: its variant
 * override, else the multivariate variant, else `true`; outside a rollout, the next condition,
 * or `false` at once with early exit), without building an EvaluationState. Not for explain:
 * it records no trace.
 */
export function rolloutOnlyValue(flag: CompiledPosthogFlag, distinctId: string): PosthogValue {
  const conditions = flag.conditions;
  for (let c = 0; c < conditions.length; c++) {
    const condition = conditions[c]!;
    const rollout = condition.rollout;
    if (rollout !== undefined && rollout < 100 && bucketHash(flag.hashPrefix, distinctId, NO_SALT) > rollout / 100) {
      if (flag.earlyExit) return false;
      continue;
    }
    if (condition.variant !== undefined) return condition.variant;
    // `||` as PostHog: a variant keyed "" reads as plain true.
    return matchingVariant(flag, distinctId) || true;
  }
  return false;
}

/** A flag's PostHog value for the state's context, or why local evaluation cannot decide it. */
export function flagValue(flag: CompiledPosthogFlag, state: EvaluationState): PosthogValue | Unresolved {
  if (!flag.active) return false;
  if (flag.rolloutOnly && state.trace === undefined) return rolloutOnlyValue(flag, state.distinctId);
  if (flag.experienceContinuity) {
    return new Unresolved('inconclusive', 'experience_continuity', 'the flag has experience continuity enabled: PostHog stores its assignments server-side');
  }
  if (state.depth > MAX_DEPTH) return new Unresolved('inconclusive', 'unsupported_definition', 'flag dependencies nest too deeply');
  state.depth++;
  try {
    if (flag.groupType !== undefined) {
      if (flag.groupType === null) {
        return new Unresolved('inconclusive', 'unsupported_definition', 'the flag aggregates by a group type index missing from group_type_mapping');
      }
      const groupKey = state.groupKey(flag.groupType);
      if (groupKey === undefined) {
        if (state.trace) note(state, flag.path, `group flag: no "${flag.groupType}" in the context's groups`);
        return false;
      }
      return matchConditions(flag, groupKey, state.groupSource(flag.groupType, groupKey), state);
    }
    let bucketing = state.distinctId;
    if (flag.bucketByDevice) {
      const device = state.person.lookup('$device_id');
      if (device === MISSING || device === undefined || device === null || device === '') {
        return new Unresolved('inconclusive', flag.definitionReason ?? 'missing_context', `flag ${flag.key} buckets by $device_id, which the context lacks`);
      }
      bucketing = String(device);
    }
    return matchConditions(flag, bucketing, null, state);
  } finally {
    state.depth--;
  }
}
