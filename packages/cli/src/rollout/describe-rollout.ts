// `rollgate flags show`: a rollout flag's state in lines a person reads at a glance.
import { formatBasisPoints, type CompiledFlag, type RolloutSpec } from '@rollgate/core';

export interface RolloutSummary {
  readonly flag: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly stage: string;
  readonly percentage: number | null;
  readonly killed: boolean;
  readonly admin: RolloutSpec['admin'];
  readonly allow: Record<string, (string | number)[]>;
  readonly bucketBy: string;
  readonly salt: string;
  readonly on: { variant: string; value: unknown };
  readonly off: { variant: string; value: unknown };
  readonly requires: readonly string[];
  /** Who is in, in one sentence. */
  readonly effect: string;
}

export function summarizeRollout(flag: CompiledFlag, spec: RolloutSpec): RolloutSummary {
  const allow: Record<string, (string | number)[]> = {};
  for (const rule of spec.allow) allow[rule.attribute] = [...rule.values];
  const admins = spec.admin === null ? 'nobody' : 'admins';
  const listed = spec.allow.length === 0 ? '' : ' and the allowlist';
  const pct = spec.basisPoints === undefined ? '' : formatBasisPoints(spec.basisPoints);
  let effect: string;
  if (!flag.enabled) effect = 'DISABLED: every caller gets its own default';
  else if (spec.killed) effect = `KILLED: only ${admins} (stage "${spec.stage}" resumes on unkill)`;
  else if (spec.stage === 'admin') effect = `only ${admins}`;
  else if (spec.stage === 'allowlist') effect = `${admins}${listed}`;
  else if (spec.stage === 'percentage') effect = `${admins}${listed}, and ${pct} of units by ${spec.bucketBy}`;
  else effect = 'everyone';
  return {
    flag: flag.key,
    state: flag.enabled ? 'ENABLED' : 'DISABLED',
    stage: spec.stage,
    percentage: spec.basisPoints === undefined ? null : spec.basisPoints / 100,
    killed: spec.killed,
    admin: spec.admin,
    allow,
    bucketBy: spec.bucketBy,
    salt: spec.salt,
    on: { variant: spec.on, value: flag.variants[spec.on] },
    off: { variant: spec.off, value: flag.variants[spec.off] },
    requires: flag.requires,
    effect,
  };
}

export function formatRolloutSummary(s: RolloutSummary): string {
  const a = s.admin;
  const admin = a === null ? 'none' : 'rule' in a ? `JSONLogic ${JSON.stringify(a.rule)}` : 'in' in a ? `${a.attribute} in ${JSON.stringify(a.in)}` : `${a.attribute} == ${JSON.stringify(a.equals)}`;
  const allow = Object.entries(s.allow).map(([a, v]) => `${a}: ${v.join(', ')}`).join('; ') || '(empty)';
  return [
    `${s.flag}: stage ${s.stage}${s.percentage === null ? '' : ` (percentage ${s.percentage}%)`}${s.killed ? ', KILLED' : ''}${s.state === 'DISABLED' ? ', DISABLED' : ''}`,
    `  in:        ${s.effect}`,
    `  admins:    ${admin}`,
    `  allowlist: ${allow}`,
    `  bucketing: by ${s.bucketBy}${s.bucketBy === 'targetingKey' ? '' : ' (falls back to targetingKey)'}, salt "${s.salt}"`,
    `  serves:    "${s.on.variant}" (${JSON.stringify(s.on.value)}) to those in, "${s.off.variant}" (${JSON.stringify(s.off.value)}) to the rest`,
    `  requires:  ${s.requires.length === 0 ? '(none)' : s.requires.join(', ')}`,
  ].join('\n');
}
