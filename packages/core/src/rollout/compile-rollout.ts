// Compiles a flag's `rollout` block (admin -> allowlist -> percentage -> ga, with a kill switch)
// into the same CompiledTargeting closure every other rule compiles to.
import { describeValue } from '../json/describe-value.js';
import { childPath } from '../json/json-path.js';
import type {
  CompiledTargeting,
  DefinitionIssue,
  EvaluationContext,
  JsonValue,
  Result,
  RuleEnv,
  TraceStep,
} from '../types.js';
import { compileAdminPredicate, type CompiledAdmin } from './compile-admin-predicate.js';
import { parseRollout } from './parse-rollout.js';
import { readAttribute, splitAttribute } from './read-attribute.js';
import { BASIS_POINTS, ROLLOUT_BUCKET_ALGORITHM, rolloutBucket } from './rollout-bucket.js';
import { registerRollout } from './rollout-registry.js';
import type { RolloutSpec, RolloutStage } from './rollout-spec.js';

export interface CompileRolloutInput {
  readonly flagKey: string;
  /** The flag's `rollout` value, as written. */
  readonly rollout: unknown;
  readonly variants: Readonly<Record<string, JsonValue>>;
  /** JSON path of the `rollout` block, e.g. `$.flags.new-area.rollout`. */
  readonly path: string;
}

/** `500` -> `"5%"`, `1250` -> `"12.5%"`. */
export function formatBasisPoints(basisPoints: number): string {
  return `${basisPoints / 100}%`;
}

/**
 * Validates a `rollout` block and compiles it once. The closure returns the `on` or `off` variant
 * for every context (never `null`, never a failure): a context the rollout cannot place (no admin
 * attribute, nothing to bucket by) is simply kept out.
 *
 * Order of the rules, each only at the stages that include it:
 * 1. `ga` (and not killed): everyone is in;
 * 2. admin predicate: in at every stage, also when killed;
 * 3. killed or stage `admin`: everyone else is out;
 * 4. allowlist (stages `allowlist`, `percentage`): listed attribute values are in;
 * 5. percentage (stage `percentage`): in iff `rolloutBucket(salt, unit) < basisPoints`, where the
 *    unit is the `bucketBy` attribute, or the targeting key when that attribute is missing.
 */
export function compileRollout(input: CompileRolloutInput): Result<CompiledTargeting, DefinitionIssue[]> {
  const parsed = parseRollout(input);
  if (!parsed.ok) return parsed;
  const admin = compileAdminPredicate(parsed.value.admin, childPath(input.path, 'admin'), input.flagKey);
  if (!admin.ok) return admin;
  const targeting = buildTargeting(parsed.value, admin.value, input.path);
  registerRollout(targeting, { spec: parsed.value, path: input.path });
  return { ok: true, value: targeting };
}

type UnitPick = { unit: string; from: string } | undefined;

function buildTargeting(spec: RolloutSpec, admin: CompiledAdmin, path: string): CompiledTargeting {
  const { on, off, killed, stage } = spec;
  // The kill switch is folded in at compile time: a killed flag *is* an admin-stage flag.
  const effective: RolloutStage = killed ? 'admin' : stage;
  const stageLabel = `stage "${stage}"${stage === 'percentage' && spec.basisPoints !== undefined ? ` at ${formatBasisPoints(spec.basisPoints)}` : ''}`;
  const headline = killed ? `rollout ${stageLabel}, killed: only admins are in` : `rollout ${stageLabel}`;
  const headlineData: Record<string, JsonValue> = { stage, killed, ...(spec.basisPoints === undefined ? {} : { percentage: spec.basisPoints / 100 }) };

  const adminPath = childPath(path, 'admin');
  const allowRules = spec.allow.map((rule) => ({
    attribute: rule.attribute,
    at: splitAttribute(rule.attribute),
    values: new Set<unknown>(rule.values),
    path: childPath(childPath(path, 'allow'), rule.attribute),
  }));
  /** Index of the first allow rule the context matches, or -1. */
  const allowed = (context: EvaluationContext): number => {
    for (let i = 0; i < allowRules.length; i++) {
      const rule = allowRules[i]!;
      const v = readAttribute(context, rule.at);
      if ((typeof v === 'string' || typeof v === 'number') && rule.values.has(v)) return i;
    }
    return -1;
  };

  const basisPoints = spec.basisPoints ?? 0;
  const saltPrefix = `${spec.salt}/`;
  const bucketAttribute = splitAttribute(spec.bucketBy);
  const targetingKeyPath = splitAttribute('targetingKey');
  const percentagePath = childPath(path, 'percentage');
  /** The bucketing unit: the `bucketBy` attribute (string or finite number), else the targeting key. */
  const unitOf = (context: EvaluationContext): string | undefined => {
    const v = readAttribute(context, bucketAttribute);
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    const key = readAttribute(context, targetingKeyPath);
    return typeof key === 'string' && key !== '' ? key : undefined;
  };
  const pickUnit = (context: EvaluationContext): UnitPick => {
    const unit = unitOf(context);
    if (unit === undefined) return undefined;
    const v = readAttribute(context, bucketAttribute);
    const fromAttribute = (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v));
    return { unit, from: fromAttribute ? spec.bucketBy : 'targetingKey' };
  };

  // The fast path: no trace and no allocation (beyond formatting a numeric unit).
  const fast = (context: EvaluationContext, env: RuleEnv): string => {
    if (effective === 'ga') return on;
    if (admin.test(context, env, undefined)) return on;
    if (effective === 'admin') return off;
    if (allowed(context) >= 0) return on;
    if (effective === 'allowlist') return off;
    const unit = unitOf(context);
    if (unit === undefined) return off;
    return rolloutBucket(saltPrefix, unit) < basisPoints ? on : off;
  };

  const explained = (context: EvaluationContext, env: RuleEnv, trace: TraceStep[]): string => {
    trace.push({ path, message: headline, data: headlineData });
    if (effective === 'ga') {
      trace.push({ path: childPath(path, 'stage'), message: `stage "ga": everyone is in -> variant "${on}"`, data: { rule: 'ga', decision: 'in' } });
      return on;
    }
    if (admin.test(context, env, trace)) {
      trace.push({ path: adminPath, message: `admin rule (${admin.text}): ${admin.observed(context)}, an admin -> in, variant "${on}"`, data: { rule: 'admin', decision: 'in' } });
      return on;
    }
    trace.push({ path: adminPath, message: spec.admin === null ? `admin rule: ${admin.text}` : `admin rule (${admin.text}): ${admin.observed(context)}, not an admin`, data: { rule: 'admin', matched: false } });
    if (effective === 'admin') {
      const why = killed ? 'the flag is killed, only admins are in' : 'stage "admin" lets only admins in';
      trace.push({ path: killed ? childPath(path, 'killed') : childPath(path, 'stage'), message: `kept out: ${why} -> variant "${off}"`, data: { rule: killed ? 'killed' : 'admin', decision: 'out' } });
      return off;
    }
    const hit = allowed(context);
    if (hit >= 0) {
      const rule = allowRules[hit]!;
      trace.push({ path: rule.path, message: `allowlist: ${rule.attribute} = ${describeValue(readAttribute(context, rule.at))} is listed -> in, variant "${on}"`, data: { rule: 'allowlist', attribute: rule.attribute, decision: 'in' } });
      return on;
    }
    if (allowRules.length === 0) trace.push({ path: childPath(path, 'allow'), message: 'allowlist: empty', data: { rule: 'allowlist', matched: false } });
    for (const rule of allowRules) {
      trace.push({ path: rule.path, message: `allowlist: ${rule.attribute} = ${describeValue(readAttribute(context, rule.at))} is not listed`, data: { rule: 'allowlist', attribute: rule.attribute, matched: false } });
    }
    if (effective === 'allowlist') {
      trace.push({ path: childPath(path, 'stage'), message: `kept out: stage "allowlist" lets in only admins and the allowlist -> variant "${off}"`, data: { rule: 'allowlist', decision: 'out' } });
      return off;
    }
    const pick = pickUnit(context);
    if (pick === undefined) {
      trace.push({ path: childPath(path, 'bucketBy'), message: `kept out: no ${spec.bucketBy}${spec.bucketBy === 'targetingKey' ? '' : ' and no targetingKey'} to bucket by -> variant "${off}"`, data: { rule: 'percentage', decision: 'out' } });
      return off;
    }
    const bucket = rolloutBucket(saltPrefix, pick.unit);
    const inside = bucket < basisPoints;
    const fallback = pick.from !== spec.bucketBy ? ` (${spec.bucketBy} missing, fell back to targetingKey)` : '';
    trace.push({
      path: percentagePath,
      message: `percentage: ${pick.from} ${describeValue(pick.unit)}${fallback} is in bucket ${bucket} of ${BASIS_POINTS}, ${inside ? 'below' : 'not below'} ${basisPoints} (${formatBasisPoints(basisPoints)}) -> ${inside ? 'in' : 'kept out'}, variant "${inside ? on : off}"`,
      data: { rule: 'percentage', decision: inside ? 'in' : 'out', bucketBy: pick.from, unit: pick.unit, bucket, threshold: basisPoints, salt: spec.salt, algorithm: ROLLOUT_BUCKET_ALGORITHM },
    });
    return inside ? on : off;
  };

  return (context, env, trace) => (trace === undefined ? fast(context, env) : explained(context, env, trace));
}
