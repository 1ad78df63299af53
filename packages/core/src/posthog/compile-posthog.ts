// compilePosthog: PostHog local-evaluation definitions -> a CompiledDocument (`dialect:
// 'posthog'`) that the core's `evaluate` walks, plus the PostHog-native compiled form kept
// beside it for `evaluatePosthog`.
import type {
  CompiledDocument,
  CompiledFlag,
  CompiledTargeting,
  DefinitionIssue,
  FlagMetadata,
  JsonValue,
  Result,
} from '../types.js';
import { TargetingFailure } from '../types.js';
import { documentHash } from '../hash/document-hash.js';
import { attachResultCache } from '../result-cache.js';
import { hashPrefix } from './bucket-hash.js';
import { compileProperty } from './compile-property.js';
import type {
  CompiledCohort,
  CompiledCondition,
  CompiledFilter,
  CompiledPosthogDocument,
  CompiledPosthogFlag,
  VariantRange,
} from './compiled-types.js';
import { decideFlag, rolloutOnlyValue } from './evaluate-flag.js';
import {
  isArray,
  isBoolean,
  isFiniteNumber,
  isObject,
  isRecord,
  isString,
  Reader,
  type Json,
  type JsonRecord,
} from './read-definitions.js';
import { Unresolved, type UnresolvedReason } from './unresolved.js';

const compiledForms = new WeakMap<CompiledDocument, CompiledPosthogDocument>();

/** The PostHog-native compiled form of a document `compilePosthog` produced. */
export function posthogFormOf(doc: CompiledDocument): CompiledPosthogDocument | undefined {
  return compiledForms.get(doc);
}

function parsePayload(value: JsonValue): JsonValue {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    return value;
  }
}

interface RawProperty {
  readonly record: JsonRecord;
  readonly path: string;
}

function compileFilter(reader: Reader, raw: RawProperty, matchingVersion: number | undefined, flagKeys: ReadonlySet<string>): CompiledFilter {
  const { record, path } = raw;
  const type = reader.optional(record, 'type', path, 'a string', isString);
  const operator = reader.optional(record, 'operator', path, 'a string', isString);
  reader.optional(record, 'negation', path, 'a boolean', isBoolean);
  const key = record['key'];
  if (type === 'cohort') {
    return { kind: 'cohort', cohortId: String(record['value']), negated: operator === 'not_in', path };
  }
  if (typeof key !== 'string') {
    reader.issue(`${path}.key`, `must be a string, got ${JSON.stringify(key ?? null)}`);
  }
  if (type === 'flag') {
    const targetKey = String(key);
    const chain = record['dependency_chain'];
    let problem: Unresolved | undefined;
    let keys: string[] = [];
    if (chain === undefined) {
      problem = new Unresolved('inconclusive', 'unsupported_definition', `flag dependency '${targetKey}' has no dependency_chain`);
    } else if (!Array.isArray(chain) || chain.some((k) => typeof k !== 'string')) {
      problem = new Unresolved('inconclusive', 'unsupported_definition', `flag dependency '${targetKey}' has an invalid dependency_chain`);
    } else if (chain.length === 0) {
      problem = new Unresolved('inconclusive', 'unsupported_definition', `circular dependency on flag '${targetKey}' (empty dependency_chain)`);
    } else {
      keys = chain as string[];
      const missing = keys.find((k) => !flagKeys.has(k));
      if (missing !== undefined) {
        problem = new Unresolved('inconclusive', 'unsupported_definition', `missing flag dependency '${missing}' for flag '${targetKey}'`);
      }
    }
    return { kind: 'flag', targetKey, chain: keys, problem, expected: record['value'] };
  }
  return { kind: 'property', property: compileProperty(String(key), operator, record['value'], matchingVersion) };
}

function readProperties(reader: Reader, value: Json, path: string): RawProperty[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    reader.issue(path, 'must be an array of property filters');
    return [];
  }
  const out: RawProperty[] = [];
  value.forEach((item, i) => {
    if (!isRecord(item)) reader.issue(`${path}[${i}]`, 'must be an object');
    else out.push({ record: item, path: `${path}[${i}]` });
  });
  return out;
}

function compileCohort(reader: Reader, value: Json, path: string, matchingVersion: number | undefined, flagKeys: ReadonlySet<string>): CompiledCohort {
  if (value === undefined || value === null || (isRecord(value) && Object.keys(value).length === 0)) return { kind: 'empty' };
  if (!isRecord(value)) {
    reader.issue(path, 'a cohort must be a property group object');
    return { kind: 'empty' };
  }
  const rawType = value['type'];
  const type = rawType === 'property' ? 'AND' : rawType;
  if (type !== 'AND' && type !== 'OR') return { kind: 'unsupported', message: `unsupported cohort group type ${JSON.stringify(rawType)}` };
  const and = type === 'AND';
  const values = value['values'];
  if (values === undefined || values === null || (Array.isArray(values) && values.length === 0)) return { kind: 'none', and };
  if (!Array.isArray(values)) {
    reader.issue(`${path}.values`, 'must be an array');
    return { kind: 'none', and };
  }
  const first = values[0];
  if (isRecord(first) && 'values' in first) {
    return { kind: 'groups', and, groups: values.map((v, i) => compileCohort(reader, v, `${path}.values[${i}]`, matchingVersion, flagKeys)) };
  }
  const filters = readProperties(reader, values, `${path}.values`).map((raw) => ({
    filter: compileFilter(reader, raw, matchingVersion, flagKeys),
    negation: raw.record['negation'] === true,
  }));
  return { kind: 'filters', and, filters };
}

/** Flags whose dependency chains lead back to themselves; their flag filters cannot be decided. */
function cyclicEdges(deps: ReadonlyMap<string, ReadonlySet<string>>): (from: string, to: string) => boolean {
  const reach = new Map<string, Set<string>>();
  const reachable = (start: string): Set<string> => {
    let seen = reach.get(start);
    if (seen) return seen;
    seen = new Set();
    const stack = [...(deps.get(start) ?? [])];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (seen.has(k)) continue;
      seen.add(k);
      for (const next of deps.get(k) ?? []) stack.push(next);
    }
    reach.set(start, seen);
    return seen;
  };
  return (from, to) => to === from || reachable(to).has(from);
}

function collectDependencies(filters: readonly CompiledFilter[], into: Set<string>): void {
  for (const f of filters) if (f.kind === 'flag') for (const k of f.chain) into.add(k);
}

const METADATA_KEYS = { id: 'posthogFlagId', hasExperiment: 'posthogHasExperiment' } as const;

/**
 * Validates and compiles PostHog local-evaluation definitions (`{ flags, group_type_mapping,
 * cohorts, property_matching_version }`) into a CompiledDocument. The whole document is
 * rejected, with every issue and its JSON path, when its structure is wrong.
 */
export function compilePosthog(document: unknown): Result<CompiledDocument, DefinitionIssue[]> {
  const reader = new Reader();
  if (!isRecord(document as Json)) {
    return { ok: false, error: [{ path: '$', message: 'a PostHog definitions document must be an object with a "flags" array' }] };
  }
  const doc = document as JsonRecord;
  const rawFlags = doc['flags'];
  if (!Array.isArray(rawFlags)) {
    return { ok: false, error: [{ path: '$.flags', message: 'must be an array of flag definitions' }] };
  }
  const matchingVersion = reader.optional(doc, 'property_matching_version', '$', 'a number', isFiniteNumber);
  const mappingRaw = doc['group_type_mapping'] ?? doc['groupTypeMapping'];
  const mapping = new Map<string, string>();
  if (mappingRaw !== undefined && mappingRaw !== null) {
    if (!isRecord(mappingRaw)) reader.issue('$.group_type_mapping', 'must be an object of group type names');
    else for (const [index, name] of Object.entries(mappingRaw)) {
      if (typeof name !== 'string') reader.issue(`$.group_type_mapping.${index}`, 'must be a string');
      else mapping.set(index, name);
    }
  }

  const flagKeys = new Set<string>();
  rawFlags.forEach((f, i) => {
    if (isRecord(f) && typeof f['key'] === 'string') {
      if (flagKeys.has(f['key'])) reader.issue(`$.flags[${i}].key`, `duplicate flag key "${f['key']}"`);
      flagKeys.add(f['key']);
    }
  });

  const cohorts = new Map<string, CompiledCohort>();
  const cohortsRaw = doc['cohorts'];
  if (cohortsRaw !== undefined && cohortsRaw !== null) {
    if (!isRecord(cohortsRaw)) reader.issue('$.cohorts', 'must be an object of cohort property groups');
    else for (const [id, group] of Object.entries(cohortsRaw)) {
      cohorts.set(id, compileCohort(reader, group, `$.cohorts.${id}`, matchingVersion, flagKeys));
    }
  }

  const compiled = new Map<string, CompiledPosthogFlag>();
  const sourceHashes = new Map<string, string>();
  const flagDeps = new Map<string, Set<string>>();
  rawFlags.forEach((raw, i) => {
    const path = `$.flags[${i}]`;
    reader.flagKey = undefined;
    if (!isRecord(raw)) {
      reader.issue(path, 'must be an object');
      return;
    }
    const key = raw['key'];
    if (typeof key !== 'string' || key === '') {
      reader.issue(`${path}.key`, 'must be a non-empty string');
      return;
    }
    reader.flagKey = key;
    const active = raw['active'];
    if (typeof active !== 'boolean') reader.issue(`${path}.active`, 'must be true or false');
    const continuity = reader.optional(raw, 'ensure_experience_continuity', path, 'a boolean', isBoolean) ?? false;
    const bucketing = reader.optional(raw, 'bucketing_identifier', path, 'a string', isString);
    const id = reader.optional(raw, 'id', path, 'a number', isFiniteNumber);
    const hasExperiment = reader.optional(raw, 'has_experiment', path, 'a boolean', isBoolean);
    const filters = reader.optional(raw, 'filters', path, 'an object', isObject) ?? {};
    const fpath = `${path}.filters`;
    const aggregation = filters['aggregation_group_type_index'];
    if (aggregation !== undefined && aggregation !== null && !isFiniteNumber(aggregation)) {
      reader.issue(`${fpath}.aggregation_group_type_index`, 'must be a number');
    }
    const groupType = aggregation === undefined || aggregation === null ? undefined : mapping.get(String(aggregation)) ?? null;

    // Variants: cumulative ranges computed with the same floating-point steps as PostHog.
    const variants: VariantRange[] = [];
    const multivariate = reader.optional(filters, 'multivariate', fpath, 'an object', isObject);
    if (multivariate) {
      const list = multivariate['variants'];
      if (!Array.isArray(list)) reader.issue(`${fpath}.multivariate.variants`, 'must be an array');
      else {
        let min = 0;
        list.forEach((v, j) => {
          const vpath = `${fpath}.multivariate.variants[${j}]`;
          if (!isRecord(v) || typeof v['key'] !== 'string' || !isFiniteNumber(v['rollout_percentage'] ?? NaN)) {
            reader.issue(vpath, 'must be { key: string, rollout_percentage: number }');
            return;
          }
          const max = min + (v['rollout_percentage'] as number) / 100.0;
          variants.push({ key: v['key'], min, max });
          min = max;
        });
      }
    }
    const variantKeys = new Set(variants.map((v) => v.key));

    const payloads = new Map<string, JsonValue>();
    const payloadsRaw = reader.optional(filters, 'payloads', fpath, 'an object', isObject);
    if (payloadsRaw) for (const [k, v] of Object.entries(payloadsRaw)) if (v) payloads.set(k, parsePayload(v));

    let holdout: CompiledPosthogFlag['holdout'];
    const holdoutRaw = reader.optional(filters, 'holdout', fpath, 'an object', isObject);
    if (holdoutRaw && holdoutRaw['id'] != null && holdoutRaw['exclusion_percentage'] != null) {
      const pct = Number(holdoutRaw['exclusion_percentage']);
      if (Number.isFinite(pct)) holdout = { variant: `holdout-${String(holdoutRaw['id'])}`, percentage: Math.min(Math.max(pct, 0), 100) };
    }
    const earlyExit = reader.optional(filters, 'early_exit', fpath, 'a boolean', isBoolean) ?? false;

    const conditions: CompiledCondition[] = [];
    const groupsRaw = reader.optional(filters, 'groups', fpath, 'an array', isArray) ?? [];
    groupsRaw.forEach((c, j) => {
      const cpath = `${fpath}.groups[${j}]`;
      if (!isRecord(c)) {
        reader.issue(cpath, 'must be an object');
        return;
      }
      const rollout = reader.optional(c, 'rollout_percentage', cpath, 'a number', isFiniteNumber);
      const variant = reader.optional(c, 'variant', cpath, 'a string', isString);
      const condAggRaw = c['aggregation_group_type_index'];
      if (condAggRaw !== undefined && condAggRaw !== null && !isFiniteNumber(condAggRaw)) {
        reader.issue(`${cpath}.aggregation_group_type_index`, 'must be a number');
      }
      const condAgg = condAggRaw !== undefined ? condAggRaw : aggregation;
      const groupOverride =
        condAgg !== aggregation && condAgg !== null && condAgg !== undefined ? mapping.get(String(condAgg)) ?? null : undefined;
      const filtersOut = readProperties(reader, c['properties'], `${cpath}.properties`).map((p) =>
        compileFilter(reader, p, matchingVersion, flagKeys),
      );
      conditions.push({
        index: j,
        filters: filtersOut,
        rollout,
        variant: variant && variantKeys.has(variant) ? variant : undefined,
        groupOverride,
      });
    });

    const deps = new Set<string>();
    for (const c of conditions) collectDependencies(c.filters, deps);
    flagDeps.set(key, deps);
    const cohortIds = new Set<string>();
    for (const c of conditions) for (const f of c.filters) if (f.kind === 'cohort') cohortIds.add(f.cohortId);
    sourceHashes.set(
      key,
      documentHash({
        flag: raw,
        group_type_mapping: mappingRaw ?? null,
        property_matching_version: matchingVersion ?? null,
        cohorts: [...cohortIds].sort().map((id) => (isRecord(cohortsRaw ?? null) ? (cohortsRaw as JsonRecord)[id] ?? null : null)),
      }),
    );
    compiled.set(key, {
      key,
      hashPrefix: hashPrefix(key),
      path,
      active: active === true,
      experienceContinuity: continuity,
      groupType,
      bucketByDevice: bucketing === 'device_id',
      holdout,
      earlyExit,
      rolloutOnly:
        active === true &&
        !continuity &&
        groupType === undefined &&
        bucketing !== 'device_id' &&
        holdout === undefined &&
        conditions.every((c) => c.filters.length === 0 && c.groupOverride === undefined),
      conditions,
      variants,
      payloads,
      definitionReason: undefined,
      id,
      hasExperiment,
    });
  });
  reader.flagKey = undefined;
  if (reader.issues.length > 0) return { ok: false, error: reader.issues };

  // Cohorts can hold flag filters too; they count as dependencies of every flag using the cohort,
  // which the reachability below over-approximates safely by ignoring them (cohort recursion is
  // bounded at evaluation time instead).
  const isCycle = cyclicEdges(flagDeps);
  const posthogFlags = new Map<string, CompiledPosthogFlag>();
  for (const [key, flag] of compiled) {
    const conditions = flag.conditions.map((c) => ({
      ...c,
      filters: c.filters.map((f): CompiledFilter =>
        f.kind === 'flag' && !f.problem && f.chain.some((k) => isCycle(key, k))
          ? { ...f, problem: new Unresolved('inconclusive', 'unsupported_definition', `circular dependency between flag '${key}' and '${f.targetKey}'`) }
          : f,
      ),
    }));
    posthogFlags.set(key, { ...flag, conditions });
  }
  const form: CompiledPosthogDocument = { flags: posthogFlags, cohorts };
  const problems = new Map<string, string>();
  for (const [key, flag] of posthogFlags) {
    const problem = definitionProblem(flag, form);
    if (problem) problems.set(key, problem.message);
    posthogFlags.set(key, { ...flag, definitionReason: problem?.reason });
  }
  // Dependencies must see the final flags (with their definition reasons).
  const flags = new Map<string, CompiledFlag>();
  for (const flag of posthogFlags.values()) flags.set(flag.key, toCompiledFlag(flag, form, sourceHashes.get(flag.key)));
  // Like posthog-node at load: name the flags local evaluation can never (or not always) decide.
  const warnings: DefinitionIssue[] = [];
  for (const flag of posthogFlags.values()) {
    const reason = posthogFlags.get(flag.key)!.definitionReason;
    if (reason === undefined) continue;
    warnings.push({
      path: flag.path,
      flagKey: flag.key,
      message: `local evaluation cannot always decide this flag (${reason}: ${problems.get(flag.key)}); where it cannot, the caller's default is served with an error naming the reason`,
    });
  }
  const result: CompiledDocument = warnings.length > 0 ? { dialect: 'posthog', flags, metadata: {}, warnings } : { dialect: 'posthog', flags, metadata: {} };
  compiledForms.set(result, form);
  return { ok: true, value: result };
}

/** Why the definition alone forces a server fallback (posthog-node computes it at load), if it does. */
function definitionProblem(flag: CompiledPosthogFlag, doc: CompiledPosthogDocument): { reason: UnresolvedReason; message: string } | undefined {
  if (!flag.active) return undefined;
  if (flag.experienceContinuity) return { reason: 'experience_continuity', message: 'experience continuity is on' };
  if (flag.groupType === null) return { reason: 'unsupported_definition', message: 'its group type index is not in group_type_mapping' };
  const visited = new Set<string>();
  const problemOf = (f: CompiledFilter): string | undefined => {
    if (f.kind === 'property') return f.property.unsupported ? `filter on "${f.property.key}": ${f.property.unsupported.message}` : undefined;
    if (f.kind === 'flag') {
      if (f.chain.length === 0) return f.problem?.message ?? `flag dependency '${f.targetKey}' has no usable dependency_chain`;
      const missing = f.chain.find((k) => !doc.flags.has(k));
      return missing === undefined ? undefined : `missing flag dependency '${missing}'`;
    }
    const cohort = doc.cohorts.get(f.cohortId);
    if (cohort === undefined) return `cohort ${f.cohortId} is not in the definitions (a static cohort)`;
    if (visited.has(f.cohortId)) return undefined;
    visited.add(f.cohortId);
    return cohortProblem(cohort);
  };
  const cohortProblem = (c: CompiledCohort): string | undefined => {
    if (c.kind === 'groups') for (const g of c.groups) { const p = cohortProblem(g); if (p) return p; }
    if (c.kind === 'filters') for (const x of c.filters) { const p = problemOf(x.filter); if (p) return p; }
    return undefined;
  };
  for (const c of flag.conditions) for (const f of c.filters) {
    const message = problemOf(f);
    if (message) return { reason: 'unsupported_definition', message };
  }
  return undefined;
}

/**
 * The engine's view of a PostHog flag (see README "PostHog flags in OpenFeature"):
 * - no multivariate variants: a `boolean` flag, variants `true`/`false`, default `false`;
 * - multivariate: a `string` flag whose variants are the variant keys; when PostHog's value is
 *   `false` (or `true` with no variant range holding the bucket) the caller's default applies;
 * - a holdout answers the variant `holdout-<id>` (`false` for a boolean flag);
 * - inactive: `enabled: false` (reason DISABLED); undecidable locally: an error naming the reason.
 */
function toCompiledFlag(flag: CompiledPosthogFlag, doc: CompiledPosthogDocument, sourceHash: string | undefined): CompiledFlag {
  const multivariate = flag.variants.length > 0;
  const variants: Record<string, JsonValue> = {};
  if (multivariate) for (const v of flag.variants) variants[v.key] = v.key;
  else {
    variants['true'] = true;
    variants['false'] = false;
  }
  if (flag.holdout) variants[flag.holdout.variant] = multivariate ? flag.holdout.variant : false;
  // Other reads of the same flag (used by engines that honour `valuesByType`): `boolean` is
  // "enabled" (a variant, not a holdout), `object` is the payload of the value.
  const payloadsByVariant: Record<string, JsonValue> = {};
  for (const [value, payload] of flag.payloads) if (value in variants && value !== 'false') payloadsByVariant[value] = payload;
  const valuesByType: NonNullable<CompiledFlag['valuesByType']> = multivariate
    ? { boolean: Object.fromEntries(Object.keys(variants).map((v) => [v, v !== flag.holdout?.variant])), object: payloadsByVariant }
    : { object: payloadsByVariant };
  const metadata: Record<string, string | number | boolean> = {};
  if (flag.id !== undefined) metadata[METADATA_KEYS.id] = flag.id;
  if (flag.hasExperiment !== undefined) metadata[METADATA_KEYS.hasExperiment] = flag.hasExperiment;

  const variantKeys = new Set(Object.keys(variants));
  // The failure reported for the last undecided outcome: most outcomes are the compiled filters'
  // own constant objects, so a repeat reuses the failure instead of building its message again.
  let lastUnresolved: Unresolved | undefined;
  let lastFailure: TargetingFailure | undefined;
  const targeting: CompiledTargeting = (context, env, trace) => {
    const distinctId = context.targetingKey;
    if (typeof distinctId !== 'string' || distinctId === '') {
      return new TargetingFailure('TARGETING_KEY_MISSING', `PostHog flag "${flag.key}" needs the distinct id as targetingKey`);
    }
    const value = flag.rolloutOnly && trace === undefined ? rolloutOnlyValue(flag, distinctId) : decideFlag(flag, doc, context, distinctId, env, trace);
    if (value instanceof Unresolved) {
      if (value !== lastUnresolved || lastFailure === undefined) {
        lastFailure = new TargetingFailure('GENERAL', `PostHog flag "${flag.key}" cannot be evaluated locally (${value.reason}): ${value.message}`);
        lastUnresolved = value;
      }
      return lastFailure;
    }
    if (value === false || value === true) return value && !multivariate ? 'true' : null;
    return variantKeys.has(value) ? value : null;
  };
  // Prebuilt results per variant, as flagd flags have: `evaluate` returns them without allocating.
  return attachResultCache({
    key: flag.key,
    enabled: flag.active,
    type: multivariate ? 'string' : 'boolean',
    variants,
    defaultVariant: multivariate ? undefined : 'false',
    metadata: metadata as FlagMetadata,
    requires: [],
    targeting,
    path: flag.path,
    valuesByType,
    // Matched nothing: not enabled (posthog-node's isFeatureEnabled is false), whatever the default.
    ...(multivariate ? { unmatchedByType: { boolean: false } } : {}),
    ...(sourceHash === undefined ? {} : { sourceHash }),
  });
}
