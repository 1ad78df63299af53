// Evaluates a `cutover` plan against shadow comparison logs: GO, NO_GO or INCONCLUSIVE with every reason.
import { isAbsolute, resolve } from 'node:path';
import { AnalysisError } from '../../errors/analysis-error.js';
import { readShadowLogs } from '../../shadow/read-shadow-log.js';
import type { Agreement, ShadowLogSummary } from '../../shadow/shadow-log-summary.js';
import { SHADOW_VERDICTS } from '../../shadow/comparison-line.js';
import { combineChecks } from '../combine-checks.js';
import { judgeThreshold } from '../judge-threshold.js';
import type { CheckOutcome, CheckResult, ExclusionCount, PlanOutcome } from '../outcome.js';
import type { PlanContext } from '../plan-registry.js';
import { windowBounds } from '../time-window.js';
import type { CutoverPlan } from './cutover-plan.js';
import { confidenceLabel } from '../../stats/confidence-label.js';

const SOURCE = 'shadow';

/**
 * The decision, in three-valued logic (any fail: NO_GO; all pass: GO; else INCONCLUSIVE):
 * - the log is trusted: bad lines <= `maxBadLineShare` of lines (else unknown);
 * - enough comparisons overall (>= `minComparisons`) and per flag (>= `minPerFlag`);
 * - overall agreement >= `agreement`, and each flag's >= `flagAgreement`, judged by `evidence`.
 * Where a sample is too small, its agreement is judged by its Wilson interval whatever `evidence`
 * says: it fails only when the whole interval is below the target (clearly failing already), else
 * it is unknown; too few comparisons can never pass.
 */
export async function evaluateCutoverPlan(plan: CutoverPlan, context: PlanContext): Promise<PlanOutcome> {
  const files = context.shadowLogs && context.shadowLogs.length > 0 ? [...context.shadowLogs] : plan.shadowLog ? [isAbsolute(plan.shadowLog) ? plan.shadowLog : resolve(context.baseDir, plan.shadowLog)] : [];
  if (files.length === 0) throw new AnalysisError('MISSING_INPUT', `plan ${plan.name} (cutover) needs a shadow comparison log: pass --shadow-log LOG or set input.shadowLog in the plan`);
  const filters = { flags: plan.flags ?? undefined, mode: plan.mode === 'any' ? undefined : plan.mode, level: plan.level, lastN: 5 };
  let asOf: Date | null = context.asOf ?? null;
  let asOfFrom = '--as-of';
  if (plan.window.kind === 'last' && asOf === null) {
    // Never the wall clock: the same log and plan always give the same verdict.
    const all = await readShadowLogs(files, { ...filters, lastN: 0 });
    asOf = all.to === null ? null : new Date(all.to);
    asOfFrom = 'the latest comparison in the log';
  }
  const bounds = windowBounds(plan.window, asOf);
  const summary = await readShadowLogs(files, { ...filters, from: bounds.from?.getTime(), to: bounds.to?.getTime() });

  const checks: CheckOutcome[] = [];
  const reasons: string[] = [];
  const pct = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(2)}%`);

  const badShare = summary.lines === 0 ? 0 : summary.bad.count / summary.lines;
  const logTrusted: CheckResult = badShare <= plan.maxBadLineShare ? 'pass' : 'unknown';
  checks.push({
    kind: 'gate',
    source: SOURCE,
    label: `bad_line_share <= ${plan.maxBadLineShare}`,
    definition: 'lines of the log that are not valid comparison records, over all non-blank lines',
    observed: badShare,
    op: '<=',
    target: plan.maxBadLineShare,
    samples: { lines: summary.lines, bad: summary.bad.count },
    result: logTrusted,
    note: logTrusted === 'pass' ? `${summary.bad.count} bad line(s) of ${summary.lines}` : `${summary.bad.count} of ${summary.lines} lines are bad: the log is not trusted until that is explained`,
  });

  const n = summary.agreement.n;
  const enough = n >= plan.minComparisons;
  checks.push({
    kind: 'sample',
    source: SOURCE,
    label: `comparisons >= ${plan.minComparisons}`,
    observed: n,
    op: '>=',
    target: plan.minComparisons,
    samples: { comparisons: n },
    result: enough ? 'pass' : 'unknown',
    note: enough ? `${n} comparisons` : `only ${n} comparisons: keep observing in shadow`,
  });
  checks.push(agreementCheck('agreement', 'AGREE / all comparisons (every flag; SHADOW_ERROR counts against)', summary.agreement, plan.agreement, plan.evidence, enough, plan.level));

  for (const flag of summary.flags) {
    const flagEnough = flag.agreement.n >= plan.minPerFlag;
    checks.push(agreementCheck(`agreement[${flag.flag}]`, `AGREE / comparisons of flag ${flag.flag}`, flag.agreement, plan.flagAgreement, plan.evidence, flagEnough, plan.level, plan.minPerFlag));
  }
  for (const flag of plan.flags ?? []) {
    if (summary.flags.some((f) => f.flag === flag)) continue;
    checks.push({ kind: 'sample', source: SOURCE, label: `comparisons[${flag}] >= ${plan.minPerFlag}`, observed: 0, op: '>=', target: plan.minPerFlag, samples: { comparisons: 0 }, result: 'unknown', note: `the plan names ${flag} but the log has no comparison of it` });
  }

  const verdict = combineChecks(checks.map((c) => c.result), 'all');
  const failed = checks.filter((c) => c.result === 'fail');
  const unknown = checks.filter((c) => c.result === 'unknown');
  if (verdict === 'GO') reasons.push(`agreement ${pct(summary.agreement.rate)} over ${n} comparisons clears ${pct(plan.agreement)} and every flag clears ${pct(plan.flagAgreement)}: cut over with route`);
  else if (verdict === 'NO_GO') reasons.push(`${failed.map((c) => `${c.label} failed (${c.note})`).join('; ')}`);
  else reasons.push(`not yet decidable: ${unknown.map((c) => c.note).join('; ')}`);
  const sep = summary.separating.standsOut;
  if (sep) reasons.push(`divergence concentrates in ${sep.attribute}=${sep.value}: ${pct(sep.valueRate)} of ${sep.valueN} comparisons vs ${pct(sep.restRate)} of ${sep.restN} elsewhere`);
  else if (summary.verdicts.DIVERGE + summary.verdicts.SHADOW_EMPTY + summary.verdicts.PRIMARY_EMPTY > 0) reasons.push(`separating attribute: ${summary.separating.note}`);

  const exclusions: ExclusionCount[] = [];
  for (const [reason, count] of Object.entries(summary.bad.byReason)) exclusions.push({ source: SOURCE, reason: `bad_line:${reason}`, detail: summary.bad.examples.find((e) => e.includes(`: ${reason}:`)) ?? reason, count: count ?? 0 });
  if (summary.filteredOut > 0) exclusions.push({ source: SOURCE, reason: 'population', detail: describePopulation(plan, bounds), count: summary.filteredOut });

  return {
    plan: { name: plan.name, question: plan.question, type: plan.type, file: plan.file },
    verdict,
    reasons,
    asOf: asOf === null || plan.window.kind !== 'last' ? undefined : `${asOf.toISOString()} (from ${asOfFrom})`,
    window: { from: bounds.from?.toISOString() ?? summary.from, to: bounds.to?.toISOString() ?? summary.to },
    sources: [{ source: SOURCE, verdict, note: `${n} comparisons from ${files.length} log file(s)` }],
    checks,
    exclusions,
    charts: [
      {
        // Disagreement (1 - agreement) rather than agreement: near 0 the intervals are visible on a
        // scale that starts at 0; on an agreement scale they would all sit in one pixel at 1.
        kind: 'intervals',
        title: `Disagreement by flag (1 - agreement; ${confidenceLabel(plan.level)} Wilson intervals; lines: the plan's limits)`,
        points: [
          ...summary.flags.map((f) => disagreementPoint(f.flag, 'flag', f.agreement)),
          disagreementPoint('all flags', 'overall', summary.agreement),
        ],
        unit: 'share',
        references: [
          { label: 'overall limit', value: 1 - plan.agreement },
          { label: 'per-flag limit', value: 1 - plan.flagAgreement },
        ],
      },
    ],
    tables: [verdictTable(summary), separationTable(summary), ...(summary.lastDivergences.length > 0 ? [divergenceTable(summary)] : [])],
  };
}

function disagreementPoint(label: string, group: string, a: Agreement): { label: string; group: string; value: number; lower: number | null; upper: number | null } {
  return { label, group, value: a.rate === null ? 0 : 1 - a.rate, lower: a.interval ? 1 - a.interval[1] : null, upper: a.interval ? 1 - a.interval[0] : null };
}

function agreementCheck(label: string, definition: string, a: Agreement, target: number, evidence: 'point' | 'interval', enough: boolean, level: number, minimum?: number): CheckOutcome {
  const base = { kind: 'threshold' as const, source: SOURCE, label: `${label} >= ${target}`, definition, op: '>=', target, interval: a.interval, intervalLabel: `${confidenceLabel(level)} Wilson`, samples: { comparisons: a.n, agree: a.agree } };
  if (a.rate === null || a.interval === null) return { ...base, observed: null, result: 'unknown', note: `${label}: no comparisons` };
  const observed = { estimate: a.rate, lower: a.interval[0], upper: a.interval[1] };
  let result = judgeThreshold(observed, '>=', target, enough ? evidence : 'interval');
  if (!enough && result === 'pass') result = 'unknown';
  const rate = `${(a.rate * 100).toFixed(3)}%`;
  const note =
    result === 'pass'
      ? `${label} ${rate} of ${a.n}`
      : result === 'fail'
        ? `${label} ${rate} of ${a.n}${enough ? '' : ' (already clearly below, despite the small sample)'}`
        : enough
          ? `${label} ${rate} of ${a.n}: its interval straddles ${target}`
          : `${label} has ${a.n} comparisons${minimum === undefined ? '' : ` (fewer than ${minimum})`}`;
  return { ...base, observed: a.rate, result, note };
}

function verdictTable(s: ShadowLogSummary): PlanOutcome['tables'][number] {
  return {
    title: 'Comparisons by flag and verdict',
    columns: ['flag', 'n', ...SHADOW_VERDICTS, 'agreement'],
    rows: [
      ...s.flags.map((f) => [f.flag, f.agreement.n, ...SHADOW_VERDICTS.map((v) => f.verdicts[v]), percent(f.agreement.rate)]),
      ['(all)', s.agreement.n, ...SHADOW_VERDICTS.map((v) => s.verdicts[v]), percent(s.agreement.rate)],
    ],
  };
}

/** The attributes ranked by how well they separate divergent from agreeing comparisons. */
function separationTable(s: ShadowLogSummary): PlanOutcome['tables'][number] {
  const best = s.separating.standsOut;
  return {
    title: `Separating attribute: ${best ? `${best.attribute} stands out` : `none stands out (${s.separating.note})`}`,
    columns: ['attribute', 'information gain (bits)', 'most divergent value', 'its divergence', 'n', 'other values', 'n (other)', 'stands out'],
    rows: s.separating.ranking.slice(0, 5).map((r) => [r.attribute, Number(r.gainBits.toPrecision(3)), r.value, percent(r.valueRate), r.valueN, percent(r.restRate), r.restN, r === best ? 'yes' : 'no']),
  };
}

function percent(v: number | null): string {
  return v === null ? 'n/a' : `${(v * 100).toFixed(3)}%`;
}

function divergenceTable(s: ShadowLogSummary): PlanOutcome['tables'][number] {
  return {
    title: `Last ${s.lastDivergences.length} divergences`,
    columns: ['time', 'flag', 'key', 'verdict', 'answered', 'compared'],
    rows: s.lastDivergences.map((d) => [d.time, d.flag, d.key, d.verdict, showSide(d.primary), showSide(d.shadow)]),
  };
}

/** `value (variant)` or the error code, for tables. */
export function showSide(side: { value: unknown; variant: string | null; errorCode: string | null; error: string | null }): string {
  if (side.error) return side.error;
  if (side.errorCode) return side.errorCode;
  return `${JSON.stringify(side.value)}${side.variant ? ` (${side.variant})` : ''}`;
}

function describePopulation(plan: CutoverPlan, bounds: { from: Date | null; to: Date | null }): string {
  const parts: string[] = [];
  if (plan.flags) parts.push(`flags ${plan.flags.join(', ')}`);
  if (plan.mode !== 'any') parts.push(`mode ${plan.mode}`);
  if (bounds.from || bounds.to) parts.push(`window ${bounds.from?.toISOString() ?? '-inf'} .. ${bounds.to?.toISOString() ?? '+inf'}`);
  return `outside the population (${parts.join('; ')})`;
}
