import { InputError } from '../../errors/input-error.js';
import { analyzeExperiment } from '../../experiment/analyze-experiment.js';
import type { MetricResult } from '../../experiment/experiment-result.js';
import { applyGuardrails, combineChecks } from '../combine-checks.js';
import { judgeThreshold } from '../judge-threshold.js';
import type { Chart, CheckOutcome, ExclusionCount, PlanOutcome, Verdict } from '../outcome.js';
import type { PlanContext } from '../plan-registry.js';
import { formatNumber } from '../render/format-number.js';
import type { ExperimentPlan, ExperimentThreshold } from './experiment-plan.js';
import { confidenceLabel } from '../../stats/confidence-label.js';

const SOURCE = 'experiment';

type AnyVariant = MetricResult['variants'][number];

/** Reads a statistic of a variant: value and interval (null when the analysis has none). */
function read(v: AnyVariant, statistic: ExperimentThreshold['statistic']): { value: number | null; interval: [number, number] | null } {
  const r = v as unknown as Record<string, unknown>;
  const pick = (value: string, ci?: string) => ({
    value: typeof r[value] === 'number' ? (r[value] as number) : null,
    interval: ci && Array.isArray(r[ci]) ? (r[ci] as [number, number]) : null,
  });
  switch (statistic) {
    case 'rate':
      return pick('rate', 'rateCI');
    case 'mean':
      return pick('mean', 'meanCI');
    case 'ratio':
      return pick('ratio', 'ratioCI');
    case 'absolute_lift':
      return pick('absoluteLift', 'absoluteLiftCI');
    case 'relative_lift':
      return pick('relativeLift', 'relativeLiftCI');
    case 'p_value':
      return pick('pValue');
    case 'adjusted_p_value':
      return pick('adjustedPValue');
    case 'chance_to_beat_control':
      return pick('chanceToBeatControl');
  }
}

function outcome(plan: ExperimentPlan, verdict: Verdict, reasons: string[], rest: Partial<PlanOutcome> = {}): PlanOutcome {
  return {
    plan: { name: plan.name, question: plan.question, type: plan.type, file: plan.file },
    verdict,
    reasons,
    sources: [{ source: SOURCE, verdict, note: reasons[0] ?? '' }],
    checks: [],
    exclusions: [],
    charts: [],
    tables: [],
    ...rest,
  };
}

/** Evaluates an experiment plan with @rollgate/analysis's analyzeExperiment (issue 5) behind the SRM gate. */
export async function evaluateExperimentPlan(plan: ExperimentPlan, context: PlanContext): Promise<PlanOutcome> {
  const x = plan.experiment;
  let results: MetricResult[];
  try {
    results = await analyzeExperiment(context.db, {
      flag: x.flag,
      metrics: plan.metrics.map((m) => m.spec),
      control: x.control,
      weights: x.weights ?? undefined,
      unit: x.unit,
      windowSeconds: x.windowSeconds,
      confidence: x.confidence,
      correction: x.correction,
      srmAlpha: plan.srm.alpha,
    });
  } catch (err) {
    // No exposures, or a control the data does not have: the data cannot answer, which is not a GO.
    if (err instanceof InputError) return outcome(plan, 'INCONCLUSIVE', [`the experiment cannot be analysed on this data: ${err.message}`]);
    throw err;
  }
  const first = results[0]!;
  const variantNames = first.variants.map((v) => v.variant);
  const others = variantNames.filter((v) => v !== first.control);
  const treatment = x.treatment ?? (others.length === 1 ? others[0]! : null);
  if (treatment === null || !variantNames.includes(treatment)) {
    const why = x.treatment ? `variant "${x.treatment}" has no exposed units (seen: ${variantNames.join(', ')})` : `several variants (${others.join(', ')}): set experiment.treatment`;
    return outcome(plan, 'INCONCLUSIVE', [why]);
  }
  const exclusions: ExclusionCount[] = [];
  for (const [reason, count] of Object.entries(first.quarantined).sort(([a], [b]) => a.localeCompare(b))) if (count > 0) exclusions.push({ source: 'ingestion', reason, detail: 'rows quarantined while loading the export', count });
  const excludedText: Record<string, string> = {
    multiVariantUnits: 'units exposed to more than one variant (left out of every result)',
    exposuresWithoutUnit: 'exposures without the unit property',
    exposuresWithoutVariant: 'exposures without $feature_flag_response',
    unitsInUnweightedVariants: 'units in variants without a configured weight (left out of the SRM test)',
  };
  for (const [reason, count] of Object.entries(first.excluded)) if (count > 0) exclusions.push({ source: SOURCE, reason, detail: excludedText[reason] ?? reason, count });

  const checks: CheckOutcome[] = [];
  const srm = first.srm;
  const srmResult = srm === null ? 'unknown' : srm.pValue >= plan.srm.alpha ? 'pass' : 'fail';
  checks.push({
    kind: 'gate',
    source: SOURCE,
    label: `sample ratio mismatch p >= ${plan.srm.alpha}`,
    definition: `chi-square goodness of fit of units per variant against ${x.weights ? 'the configured weights' : 'equal weights'}`,
    observed: srm?.pValue ?? null,
    op: '>=',
    target: plan.srm.alpha,
    samples: Object.fromEntries(first.variants.map((v) => [`${v.variant} units`, v.units])),
    result: srmResult,
    note: srm === null ? 'no SRM test (fewer than two weighted variants)' : `chi2 = ${formatNumber(srm.chi2)}, df = ${srm.df}, p = ${formatNumber(srm.pValue)}`,
  });
  const control = first.variants.find((v) => v.variant === first.control)!;
  const treat = first.variants.find((v) => v.variant === treatment)!;
  const unitsOk = control.units >= plan.minimumSample.unitsPerVariant && treat.units >= plan.minimumSample.unitsPerVariant;
  checks.push({
    kind: 'sample',
    source: SOURCE,
    label: `units per variant >= ${plan.minimumSample.unitsPerVariant}`,
    observed: Math.min(control.units, treat.units),
    op: '>=',
    target: plan.minimumSample.unitsPerVariant,
    samples: { [`${control.variant} units`]: control.units, [`${treat.variant} units`]: treat.units },
    result: unitsOk ? 'pass' : 'fail',
    note: `${control.variant}: ${control.units}, ${treat.variant}: ${treat.units}`,
  });
  let sampleOk = unitsOk;
  const usedMetrics = new Set([...plan.decision.thresholds, ...plan.guardrails].map((t) => t.metric));
  if (plan.minimumSample.conversionsPerVariant > 0) {
    plan.metrics.forEach((m, i) => {
      const r = results[i]!;
      if (r.kind !== 'conversion' || !usedMetrics.has(m.id)) return;
      const c = r.variants.find((v) => v.variant === r.control)!;
      const t = r.variants.find((v) => v.variant === treatment)!;
      const ok = c.conversions >= plan.minimumSample.conversionsPerVariant && t.conversions >= plan.minimumSample.conversionsPerVariant;
      sampleOk &&= ok;
      checks.push({
        kind: 'sample',
        source: SOURCE,
        label: `${m.id}: conversions per variant >= ${plan.minimumSample.conversionsPerVariant}`,
        observed: Math.min(c.conversions, t.conversions),
        op: '>=',
        target: plan.minimumSample.conversionsPerVariant,
        samples: { [`${c.variant} conversions`]: c.conversions, [`${t.variant} conversions`]: t.conversions },
        result: ok ? 'pass' : 'fail',
        note: `${c.variant}: ${c.conversions}, ${t.variant}: ${t.conversions}`,
      });
    });
  }
  const judge = (t: ExperimentThreshold, kind: 'threshold' | 'guardrail'): CheckOutcome => {
    const r = results[plan.metrics.findIndex((m) => m.id === t.metric)]!;
    const v = r.variants.find((x) => x.variant === treatment)!;
    const { value, interval } = read(v, t.statistic);
    const label = `${t.metric}.${t.statistic} ${t.op} ${t.value}`;
    const definition = `${t.statistic.replaceAll('_', ' ')} of ${treatment} vs ${r.control} on ${r.metric} (${r.kind}${t.statistic === 'p_value' ? ', two-sided' : ''}${t.statistic === 'adjusted_p_value' ? `, ${r.correction} adjusted` : ''})`;
    const base = { kind, source: SOURCE, label, definition, op: t.op, target: t.value, samples: { [`${r.control} units`]: r.variants.find((x) => x.variant === r.control)!.units, [`${treatment} units`]: v.units } };
    if (value === null) return { ...base, observed: null, result: 'unknown', note: 'not defined on this data' };
    if (!sampleOk) return { ...base, observed: value, interval, result: 'unknown', note: 'insufficient sample (see the sample checks)' };
    const result = judgeThreshold({ estimate: value, lower: interval?.[0] ?? value, upper: interval?.[1] ?? value }, t.op, t.value, interval ? plan.decision.evidence : 'point');
    return { ...base, observed: value, interval, intervalLabel: interval ? `${confidenceLabel(r.confidence)} interval` : undefined, result, note: result === 'unknown' ? `interval straddles ${t.value}` : `${interval && plan.decision.evidence === 'interval' ? 'interval' : 'estimate'} ${result === 'pass' ? 'meets' : 'misses'} ${t.op} ${t.value}` };
  };
  const thresholdChecks = plan.decision.thresholds.map((t) => judge(t, 'threshold'));
  const guardrailChecks = plan.guardrails.map((t) => judge(t, 'guardrail'));
  checks.push(...thresholdChecks, ...guardrailChecks);

  let verdict: Verdict;
  let headline: string;
  if (srmResult === 'fail') {
    verdict = plan.srm.onFail === 'no_go' ? 'NO_GO' : 'INCONCLUSIVE';
    headline = `SRM gate failed (p = ${formatNumber(srm!.pValue)} < ${plan.srm.alpha}): the split is not what was configured, so the comparison cannot be trusted`;
  } else if (!sampleOk) {
    verdict = 'INCONCLUSIVE';
    headline = `insufficient sample: ${checks.filter((c) => c.kind === 'sample' && c.result === 'fail').map((c) => `${c.label} (${c.note})`).join('; ')}`;
  } else {
    const t = combineChecks(thresholdChecks.map((c) => c.result), plan.decision.combine);
    verdict = applyGuardrails(t, guardrailChecks.map((c) => c.result));
    if (srmResult === 'unknown' && verdict === 'GO') verdict = 'INCONCLUSIVE';
    const breached = guardrailChecks.filter((c) => c.result === 'fail');
    headline = breached.length > 0
      ? `guardrail breached: ${breached.map((c) => c.label).join('; ')}`
      : srmResult === 'unknown' && t === 'GO'
        ? 'thresholds pass but the SRM gate could not be run'
        : `thresholds combined with ${plan.decision.combine}: ${thresholdChecks.map((c) => `${c.label} ${c.result}${c.result === 'unknown' ? ` (${c.note})` : ''}`).join(', ')}`;
  }
  const charts: Chart[] = [];
  const tables: PlanOutcome['tables'][number][] = [];
  plan.metrics.forEach((m, i) => {
    const r = results[i]!;
    if (r.kind === 'conversion') {
      charts.push({
        kind: 'intervals',
        title: `${m.id}: conversion rate by variant (${confidenceLabel(r.confidence)} Wilson intervals)`,
        unit: '',
        points: r.variants.map((v) => ({ label: v.variant, group: 'variant', value: v.rate ?? 0, lower: v.rateCI?.[0] ?? null, upper: v.rateCI?.[1] ?? null })),
      });
      tables.push({
        title: `${m.id} (${r.metric}, conversion)`,
        columns: ['variant', 'units', 'conversions', 'rate', 'rate CI', 'abs. lift', 'abs. lift CI', 'rel. lift', 'rel. lift CI', 'p', 'adj. p', 'P(beat control)'],
        rows: r.variants.map((v) => [v.variant, v.units, v.conversions, fmt(v.rate), ci(v.rateCI), fmt(v.absoluteLift), ci(v.absoluteLiftCI), fmt(v.relativeLift), ci(v.relativeLiftCI), fmt(v.pValue), fmt(v.adjustedPValue), fmt(v.chanceToBeatControl)]),
      });
    } else if (r.kind === 'continuous') {
      tables.push({
        title: `${m.id} (${r.metric}.${r.property}, ${r.aggregate})`,
        columns: ['variant', 'units', 'mean', 'mean CI', 'abs. lift', 'abs. lift CI', 'rel. lift', 'rel. lift CI', 'p', 'adj. p'],
        rows: r.variants.map((v) => [v.variant, v.units, fmt(v.mean), ci(v.meanCI), fmt(v.absoluteLift), ci(v.absoluteLiftCI), fmt(v.relativeLift), ci(v.relativeLiftCI), fmt(v.pValue), fmt(v.adjustedPValue)]),
      });
    }
  });
  const lifts = thresholdChecks.concat(guardrailChecks).filter((c) => c.observed !== null && c.interval);
  if (lifts.length > 0) {
    charts.push({
      kind: 'intervals',
      title: `${treatment} vs ${first.control}: thresholded statistics with intervals`,
      unit: '',
      points: lifts.map((c) => ({ label: c.label.split(' ')[0]!, group: 'statistic', value: c.observed!, lower: c.interval![0], upper: c.interval![1] })),
      references: [...new Set(lifts.map((c) => c.target!))].map((v) => ({ label: `threshold ${v}`, value: v })),
    });
  }
  const reasons = [
    headline,
    ...checks.map((c) => `[${c.source}] ${c.kind} ${c.label}: ${c.result.toUpperCase()} (observed ${formatNumber(c.observed)}${c.interval ? ` [${formatNumber(c.interval[0])}, ${formatNumber(c.interval[1])}]` : ''}; ${c.note})`),
    ...first.warnings.map((w) => `warning: ${w}`),
    ...exclusions.map((e) => `[${e.source}] excluded ${e.count} (${e.reason}): ${e.detail}`),
  ];
  return outcome(plan, verdict, reasons, { sources: [{ source: SOURCE, verdict, note: headline }], checks, exclusions, charts, tables });
}

function fmt(v: number | null | undefined): string | null {
  return v === null || v === undefined ? null : formatNumber(v);
}
function ci(i: [number, number] | null | undefined): string {
  return i ? `[${formatNumber(i[0])}, ${formatNumber(i[1])}]` : '';
}
