// Validates a flag's `rollout` block into a RolloutSpec, naming the JSON path of every problem.
import { childPath, indexPath } from '../json/json-path.js';
import type { DefinitionIssue, JsonPrimitive, JsonValue, Result } from '../types.js';
import {
  ROLLOUT_DEFAULTS,
  ROLLOUT_STAGES,
  type AdminPredicate,
  type AllowRule,
  type RolloutSpec,
  type RolloutStage,
} from './rollout-spec.js';

const KNOWN_KEYS = new Set(['stage', 'admin', 'allow', 'percentage', 'bucketBy', 'salt', 'killed', 'on', 'off']);

export interface ParseRolloutInput {
  readonly flagKey: string;
  readonly rollout: unknown;
  /** The flag's variants: `on` and `off` must name two of them. */
  readonly variants: Readonly<Record<string, JsonValue>>;
  /** JSON path of the `rollout` block itself, e.g. `$.flags.new-area.rollout`. */
  readonly path: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPrimitive(value: unknown): value is JsonPrimitive {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function parseAttribute(value: unknown, path: string, issues: DefinitionIssue[], flagKey: string): string | undefined {
  if (typeof value !== 'string' || value === '') {
    issues.push({ path, flagKey, message: 'must be a non-empty attribute name (a dotted path into the context, e.g. "orgId")' });
    return undefined;
  }
  if (value.split('.').some((part) => part === '')) {
    issues.push({ path, flagKey, message: `attribute "${value}" has an empty segment` });
    return undefined;
  }
  return value;
}

function parseAdmin(value: unknown, path: string, issues: DefinitionIssue[], flagKey: string): AdminPredicate | null {
  if (value === undefined) return ROLLOUT_DEFAULTS.admin;
  if (value === null) return null;
  if (!isRecord(value)) {
    issues.push({ path, flagKey, message: 'must be an object like {"attribute":"isAdmin","equals":true}, {"attribute":"role","in":["admin"]} or {"rule":<JSONLogic>}, or null for "no admins"' });
    return null;
  }
  if ('rule' in value) {
    for (const key of Object.keys(value)) {
      if (key !== 'rule') issues.push({ path: childPath(path, key), flagKey, message: `unknown key "${key}" beside "rule" (a rule stands alone)` });
    }
    const rule = value['rule'];
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      issues.push({ path: childPath(path, 'rule'), flagKey, message: 'must be a JSONLogic rule (an object), e.g. {"in":[{"var":"role"},["admin","owner"]]}' });
      return null;
    }
    return { rule: rule as JsonValue };
  }
  for (const key of Object.keys(value)) {
    if (key !== 'attribute' && key !== 'equals' && key !== 'in') issues.push({ path: childPath(path, key), flagKey, message: `unknown key "${key}" (expected attribute, equals or in; or rule alone)` });
  }
  const attribute = parseAttribute(value['attribute'], childPath(path, 'attribute'), issues, flagKey);
  const hasEquals = 'equals' in value;
  const hasIn = 'in' in value;
  if (hasEquals === hasIn) {
    issues.push({ path, flagKey, message: 'needs exactly one of "equals" (a value) or "in" (a list of values)' });
    return null;
  }
  if (hasEquals) {
    const equals = value['equals'];
    if (!isPrimitive(equals)) {
      issues.push({ path: childPath(path, 'equals'), flagKey, message: 'must be a string, number, boolean or null' });
      return null;
    }
    return attribute === undefined ? null : { attribute, equals };
  }
  const list = value['in'];
  if (!Array.isArray(list) || list.length === 0) {
    issues.push({ path: childPath(path, 'in'), flagKey, message: 'must be a non-empty array of strings, numbers or booleans' });
    return null;
  }
  list.forEach((item, i) => {
    if (!isPrimitive(item)) issues.push({ path: indexPath(childPath(path, 'in'), i), flagKey, message: 'must be a string, number, boolean or null' });
  });
  return attribute === undefined ? null : { attribute, in: list as JsonPrimitive[] };
}

function parseAllow(value: unknown, path: string, issues: DefinitionIssue[], flagKey: string): AllowRule[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    issues.push({ path, flagKey, message: 'must be an object mapping an attribute to its allowed values, e.g. {"targetingKey":["user-1"],"orgId":["acme"]}' });
    return [];
  }
  const rules: AllowRule[] = [];
  for (const [attribute, list] of Object.entries(value)) {
    const at = childPath(path, attribute);
    if (parseAttribute(attribute, at, issues, flagKey) === undefined) continue;
    if (!Array.isArray(list)) {
      issues.push({ path: at, flagKey, message: 'must be an array of strings or numbers' });
      continue;
    }
    const seen = new Set<string | number>();
    list.forEach((item, i) => {
      if (typeof item !== 'string' && !(typeof item === 'number' && Number.isFinite(item))) {
        issues.push({ path: indexPath(at, i), flagKey, message: `must be a string or a number, got ${JSON.stringify(item)}` });
      } else if (seen.has(item)) {
        issues.push({ path: indexPath(at, i), flagKey, message: `${JSON.stringify(item)} is listed twice` });
      } else {
        seen.add(item);
      }
    });
    rules.push({ attribute, values: [...seen] });
  }
  return rules;
}

/** Percent (0..100, at most two decimals) -> integer basis points, or an issue. */
function parsePercentage(value: unknown, path: string, issues: DefinitionIssue[], flagKey: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    issues.push({ path, flagKey, message: `must be a number from 0 to 100, got ${JSON.stringify(value)}` });
    return undefined;
  }
  const basisPoints = Math.round(value * 100);
  // Integer basis points keep the threshold exact: 12.345% would silently round.
  if (Math.abs(basisPoints - value * 100) > 1e-6) {
    issues.push({ path, flagKey, message: `has more than two decimals (${value}); use a multiple of 0.01` });
    return undefined;
  }
  return basisPoints;
}

function parseVariantName(
  value: unknown,
  fallback: string,
  path: string,
  variants: Readonly<Record<string, JsonValue>>,
  issues: DefinitionIssue[],
  flagKey: string,
): string {
  const name = value === undefined ? fallback : value;
  if (typeof name !== 'string') {
    issues.push({ path, flagKey, message: 'must be the name of a variant' });
    return fallback;
  }
  if (!Object.prototype.hasOwnProperty.call(variants, name)) {
    const known = Object.keys(variants).map((v) => `"${v}"`).join(', ') || 'none';
    issues.push({ path, flagKey, message: `names variant "${name}", which the flag does not define (variants: ${known})` });
  }
  return name;
}

/**
 * Validates a `rollout` block. Every problem is reported (not just the first), each with the JSON
 * path of the offending value, so a whole document can be fixed in one pass.
 */
export function parseRollout(input: ParseRolloutInput): Result<RolloutSpec, DefinitionIssue[]> {
  const { flagKey, rollout, variants, path } = input;
  const issues: DefinitionIssue[] = [];
  if (!isRecord(rollout)) {
    return { ok: false, error: [{ path, flagKey, message: 'must be an object, e.g. {"stage":"admin"}' }] };
  }
  for (const key of Object.keys(rollout)) {
    if (!KNOWN_KEYS.has(key)) {
      issues.push({ path: childPath(path, key), flagKey, message: `unknown key "${key}" (expected one of ${[...KNOWN_KEYS].join(', ')})` });
    }
  }
  let stage: RolloutStage = 'admin';
  const rawStage = rollout['stage'];
  if (typeof rawStage === 'string' && (ROLLOUT_STAGES as readonly string[]).includes(rawStage)) {
    stage = rawStage as RolloutStage;
  } else {
    issues.push({ path: childPath(path, 'stage'), flagKey, message: `must be one of ${ROLLOUT_STAGES.map((s) => `"${s}"`).join(', ')}${rawStage === undefined ? ' (it is required)' : `, got ${JSON.stringify(rawStage)}`}` });
  }
  const admin = parseAdmin(rollout['admin'], childPath(path, 'admin'), issues, flagKey);
  const allow = parseAllow(rollout['allow'], childPath(path, 'allow'), issues, flagKey);
  const basisPoints = parsePercentage(rollout['percentage'], childPath(path, 'percentage'), issues, flagKey);
  if (stage === 'percentage' && rollout['percentage'] === undefined) {
    issues.push({ path: childPath(path, 'percentage'), flagKey, message: 'is required at stage "percentage"' });
  }
  const bucketBy =
    rollout['bucketBy'] === undefined ? ROLLOUT_DEFAULTS.bucketBy : (parseAttribute(rollout['bucketBy'], childPath(path, 'bucketBy'), issues, flagKey) ?? ROLLOUT_DEFAULTS.bucketBy);
  let salt = flagKey;
  if (rollout['salt'] !== undefined) {
    if (typeof rollout['salt'] === 'string' && rollout['salt'] !== '') salt = rollout['salt'];
    else issues.push({ path: childPath(path, 'salt'), flagKey, message: 'must be a non-empty string (default: the flag key)' });
  }
  let killed: boolean = ROLLOUT_DEFAULTS.killed;
  if (rollout['killed'] !== undefined) {
    if (typeof rollout['killed'] === 'boolean') killed = rollout['killed'];
    else issues.push({ path: childPath(path, 'killed'), flagKey, message: `must be true or false, got ${JSON.stringify(rollout['killed'])}` });
  }
  const on = parseVariantName(rollout['on'], ROLLOUT_DEFAULTS.on, childPath(path, 'on'), variants, issues, flagKey);
  const off = parseVariantName(rollout['off'], ROLLOUT_DEFAULTS.off, childPath(path, 'off'), variants, issues, flagKey);
  if (on === off) issues.push({ path: childPath(path, 'on'), flagKey, message: `"on" and "off" must be different variants (both are "${on}")` });
  if (issues.length > 0) return { ok: false, error: issues };
  return { ok: true, value: { stage, admin, allow, basisPoints, bucketBy, salt, killed, on, off } };
}
