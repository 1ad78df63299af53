// Compiles a flag's `rollout` block (admin -> allowlist -> percentage -> ga, with a kill switch)
// into the same CompiledTargeting closure every other rule compiles to.
import { describeValue } from '../json/describe-value.js';
import { childPath } from '../json/json-path.js';
import type {
  CompiledTargeting,
  DefinitionIssue,
  EvaluationContext,
  JsonPrimitive,
  JsonValue,
  Result,
  TraceStep,
} from '../types.js';
import { parseRollout } from './parse-rollout.js';
import { readAttribute, splitAttribute, type AttributePath } from './read-attribute.js';
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
  const targeting = buildTargeting(parsed.value, input.path);
  registerRollout(targeting, { spec: parsed.value, path: input.path });
  return { ok: true, value: targeting };
}

type UnitPick = { unit: string; from: string } | undefined;

function buildTargeting(spec: RolloutSpec, path: string): CompiledTargeting {
  const { on, off, killed, stage } = spec;
  // The kill switch is folded in at compile time: a killed flag *is* an admin-stage flag.
  const effective: RolloutStage = killed ? 'admin' : stage;
  const stageLabel = `stage "${stage}"${stage === 'percentage' && spec.basisPoints !== undefined ? ` at ${formatBasisPoints(spec.basisPoints)}` : ''}`;
  const headline = killed ? `rollout ${stageLabel}, killed: only admins are in` : `rollout ${stageLabel}`;
  const headlineData: Record<string, JsonValue> = { stage, killed, ...(spec.basisPoints === undefined ? {} : { percentage: spec.basisPoints / 100 }) };

  const admin = spec.admin;
  const adminPath = childPath(path, 'admin');
  const adminAttribute: AttributePath = admin === null ? [] : splitAttribute(admin.attribute);
  const adminSet: ReadonlySet<unknown> | undefined = admin !== null && 'in' in admin ? new Set<unknown>(admin.in) : undefined;
  const adminEquals: JsonPrimitive | undefined = admin !== null && 'equals' in admin ? admin.equals : undefined;
  const adminText = admin === null ? 'no admin predicate' : 'in' in admin ? `${admin.attribute} in ${describeValue(admin.in)}` : `${admin.attribute} == ${describeValue(admin.equals)}`;
  const isAdmin = (context: EvaluationContext): boolean => {
    if (admin === null) return false;
    const v = readAttribute(context, adminAttribute);
    if (v === undefined) return false;
    return adminSet !== undefined ? adminSet.has(v) : v === adminEquals;
  };

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
  const fast = (context: EvaluationContext): string => {
    if (effective === 'ga') return on;
    if (isAdmin(context)) return on;
    if (effective === 'admin') return off;
    if (allowed(context) >= 0) return on;
    if (effective === 'allowlist') return off;
    const unit = unitOf(context);
    if (unit === undefined) return off;
    return rolloutBucket(saltPrefix, unit) < basisPoints ? on : off;
  };

  const explained = (context: EvaluationContext, trace: TraceStep[]): string => {
    trace.push({ path, message: headline, data: headlineData });
    if (effective === 'ga') {
      trace.push({ path: childPath(path, 'stage'), message: `stage "ga": everyone is in -> variant "${on}"`, data: { rule: 'ga', decision: 'in' } });
      return on;
    }
    const adminValue = admin === null ? undefined : readAttribute(context, adminAttribute);
    if (isAdmin(context)) {
      trace.push({ path: adminPath, message: `admin rule (${adminText}): ${admin?.attribute} = ${describeValue(adminValue)}, an admin -> in, variant "${on}"`, data: { rule: 'admin', decision: 'in' } });
      return on;
    }
    trace.push({ path: adminPath, message: admin === null ? 'admin rule: none defined, nobody is an admin' : `admin rule (${adminText}): ${admin.attribute} = ${describeValue(adminValue)}, not an admin`, data: { rule: 'admin', matched: false } });
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

  return (context, _env, trace) => (trace === undefined ? fast(context) : explained(context, trace));
}
