import { runSqlFile } from '../../db/run-sql-file.js';
import type { LatencyRun } from '../../segments/latency-run.js';
import { queryLatencyRuns } from '../../segments/query-latency-runs.js';
import { summarizeSegments } from '../../segments/summarize-segments.js';
import { confidenceLabel } from '../../stats/confidence-label.js';
import { quantileSorted } from '../../stats/quantile-type7.js';
import { applyGuardrails, combineChecks } from '../combine-checks.js';
import { describeCondition } from '../conditions.js';
import { judgeThreshold } from '../judge-threshold.js';
import { evaluateLocalAb } from '../local-ab/evaluate-local-ab.js';
import type { Chart, CheckOutcome, ExclusionCount, PlanOutcome, SourceOutcome, Verdict } from '../outcome.js';
import type { PlanContext } from '../plan-registry.js';
import { sqlFilePath } from '../../db/sql-file-path.js';
import { breakTie } from '../tie-break.js';
import { formatUtcInstant, windowBounds } from '../time-window.js';
import { computeLatencyStatistic, exclusionMark, shareMark, type StatisticResult } from './compute-latency-statistic.js';
import { SEGMENT_FIELDS, type LatencyPlan, type Threshold } from './latency-plan.js';

const SOURCE = 'production';

/** Resolves the as-of time: --as-of, else the plan's population.asOf, else the latest event of the population's event. */
export async function resolveAsOf(plan: LatencyPlan, context: PlanContext): Promise<{ asOf: Date | null; micros: number; from: string }> {
  if (context.asOf) return { asOf: context.asOf, micros: context.asOfMicros ?? 0, from: '--as-of' };
  if (plan.population.asOf) return { asOf: plan.population.asOf, micros: plan.population.asOfMicros, from: 'the plan (population.asOf)' };
  const rows = await runSqlFile(context.db.connection, sqlFilePath('latest-event-time.sql'), { event: plan.population.event });
  const latest = rows[0]?.['latest'];
  // (the Date holds milliseconds; latest_us keeps the microseconds the window must end at)
  const latestUs = rows[0]?.['latest_us'];
  const micros = typeof latestUs === 'number' ? ((latestUs % 1000) + 1000) % 1000 : 0;
  return { asOf: latest instanceof Date ? latest : null, micros, from: `the latest ${plan.population.event} event in the data` };
}

/** Evaluates a latency plan: production thresholds and guardrails, the local A/B, the tie-break. */
export async function evaluateLatencyPlan(plan: LatencyPlan, context: PlanContext): Promise<PlanOutcome> {
  const pop = plan.population;
  const { asOf, micros, from: asOfFrom } = await resolveAsOf(plan, context);
  const bounds = windowBounds(pop.window, asOf, micros);
  // Printed to the microsecond when there are any, so an as-of or bound copied from the report means what it meant here.
  const windowText = {
    from: bounds.from === null ? null : formatUtcInstant(bounds.from, bounds.fromMicros),
    to: bounds.to === null ? null : formatUtcInstant(bounds.to, bounds.toMicros),
  };
  const marks = [
    ...pop.exclusions.map((e) => ({ name: exclusionMark(e.name), where: e.where })),
    ...plan.statistics.flatMap((s) => (s.measure.kind === 'share' && s.measure.of === 'where' ? [{ name: shareMark(s.id), where: s.measure.where }] : [])),
  ];
  const runs = await queryLatencyRuns(context.db.connection, {
    event: pop.event,
    from: bounds.from,
    to: bounds.to,
    fromMicros: bounds.fromMicros,
    toMicros: bounds.toMicros,
    filters: pop.where,
    marks,
    turnProperty: pop.turnProperty,
    firstTurn: pop.firstTurn,
    conversationProperty: pop.conversationProperty,
  });

  const exclusions: ExclusionCount[] = [];
  // Sorted by reason, so the report does not depend on the order ingestion happened to count them.
  for (const [reason, count] of Object.entries(context.quarantined ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (count > 0) exclusions.push({ source: 'ingestion', reason, detail: 'rows quarantined while loading the export', count });
  }
  const dropped = countBy(runs.filter((r) => r.droppedBy !== null), (r) => r.droppedBy!);
  for (const [reason, count] of dropped) {
    exclusions.push({
      source: SOURCE,
      reason: reason === 'outside_window' ? 'outside_window' : 'filter',
      detail: reason === 'outside_window' ? `outside the window ${windowText.from ?? '-inf'} .. ${windowText.to ?? '+inf'}` : `fails population ${reason.replace(/^filter /, '')}`,
      count,
    });
  }
  const inScope = runs.filter((r) => r.droppedBy === null);
  const wantedBucket = pop.turns === '1' ? 'turn 1' : pop.turns === '2+' ? 'turn 2+' : null;
  const population = wantedBucket === null ? inScope : inScope.filter((r) => r.turnBucket === wantedBucket);
  if (wantedBucket !== null) {
    for (const [bucket, count] of countBy(inScope.filter((r) => r.turnBucket !== wantedBucket), (r) => r.turnBucket)) {
      exclusions.push({
        source: SOURCE,
        reason: bucket === 'unknown' ? 'unknown_turn' : 'turns',
        detail: bucket === 'unknown' ? `${pop.turnProperty} missing, not a whole number or below firstTurn ${pop.firstTurn}` : `${bucket}, outside the plan's turn ${pop.turns}`,
        count,
      });
    }
  }
  // Named exclusions: a run meeting several is counted under the first one listed.
  let analysable: LatencyRun[] = population;
  for (const e of pop.exclusions) {
    const hit = analysable.filter((r) => r.marks.has(exclusionMark(e.name)));
    if (hit.length > 0) exclusions.push({ source: SOURCE, reason: e.name, detail: `${e.reason} (${e.where.map(describeCondition).join(' and ')})`, count: hit.length });
    analysable = analysable.filter((r) => !r.marks.has(exclusionMark(e.name)));
  }
  const missing = analysable.filter((r) => r.quality === 'missing_parts');
  if (missing.length > 0) {
    const parts = [...countBy(missing.flatMap((r) => r.missingParts.map((p) => ({ p }))), (x) => x.p)].map(([p, n]) => `${p}: ${n}`).join(', ');
    exclusions.push({ source: SOURCE, reason: 'missing_parts', detail: `segments missing, non-numeric or negative (${parts}); left out of segment statistics`, count: missing.length });
  }
  const negative = analysable.filter((r) => r.quality === 'negative_remainder');
  if (negative.length > 0) {
    exclusions.push({ source: SOURCE, reason: 'negative_remainder', detail: 'cli_ready + session_init + model_first_token exceed spawn_to_first_token; left out of segment statistics', count: negative.length });
  }
  const fromDistinct = analysable.filter((r) => r.conversationFromDistinctId).length;

  const checks: CheckOutcome[] = [];
  const popConversations = new Set(analysable.map((r) => r.conversationId)).size;
  const popSufficient = analysable.length >= plan.minimumSample.runs && popConversations >= plan.minimumSample.conversations;
  checks.push({
    kind: 'sample',
    source: SOURCE,
    label: `population >= ${plan.minimumSample.runs} runs in >= ${plan.minimumSample.conversations} conversations`,
    observed: analysable.length,
    op: '>=',
    target: plan.minimumSample.runs,
    samples: { runs: analysable.length, conversations: popConversations },
    result: popSufficient ? 'pass' : 'fail',
    note: `${analysable.length} runs in ${popConversations} conversations after exclusions${fromDistinct > 0 ? ` (${fromDistinct} runs without ${pop.conversationProperty} cluster by distinct_id)` : ''}`,
  });

  const allExclusionNames = pop.exclusions.map((e) => e.name);
  const results = new Map<string, StatisticResult>();
  for (const stat of plan.statistics) results.set(stat.id, computeLatencyStatistic(stat, population, plan.interval, allExclusionNames));
  const judge = (t: Threshold, kind: 'threshold' | 'guardrail'): CheckOutcome => {
    const r = results.get(t.statistic)!;
    const label = `${t.statistic} ${t.op} ${t.value}`;
    const samples = { runs: r.runs, conversations: r.conversations };
    const base = { kind, source: SOURCE, label, definition: r.definition, op: t.op, target: t.value, samples };
    if (r.estimate === null) return { ...base, observed: null, result: 'unknown', note: r.undefinedBecause ?? `no usable runs (${describeExcluded(r.excluded)})` };
    const interval = [r.estimate.lower, r.estimate.upper] as const;
    const observed = { ...base, observed: r.estimate.estimate, interval, intervalLabel: r.estimate.intervalLabel };
    if (!r.sufficient) {
      return {
        ...observed,
        result: 'unknown',
        note: `insufficient sample: ${r.runs} runs in ${r.conversations} conversations; the plan needs ${r.statistic.minimumSample.runs} runs in ${r.statistic.minimumSample.conversations}`,
      };
    }
    const result = judgeThreshold(r.estimate, t.op, t.value, plan.decision.evidence);
    const how = plan.decision.evidence === 'point' ? 'estimate' : 'interval';
    const note =
      result === 'pass'
        ? `${how} meets ${t.op} ${t.value}`
        : result === 'fail'
          ? `${how} misses ${t.op} ${t.value}`
          : `interval [${fmt(r.estimate.lower)}, ${fmt(r.estimate.upper)}] straddles ${t.value}`;
    return { ...observed, result, note };
  };
  const thresholdChecks = plan.decision.thresholds.map((t) => judge(t, 'threshold'));
  const guardrailChecks = plan.guardrails.map((t) => judge(t, 'guardrail'));
  checks.push(...thresholdChecks, ...guardrailChecks);

  let production: Verdict;
  let productionNote: string;
  if (!popSufficient) {
    production = 'INCONCLUSIVE';
    productionNote = `insufficient sample: ${analysable.length} runs in ${popConversations} conversations, the plan needs ${plan.minimumSample.runs} runs in ${plan.minimumSample.conversations}`;
  } else {
    const thresholdsVerdict = combineChecks(thresholdChecks.map((c) => c.result), plan.decision.combine);
    production = applyGuardrails(thresholdsVerdict, guardrailChecks.map((c) => c.result));
    const breached = guardrailChecks.filter((c) => c.result === 'fail');
    productionNote =
      breached.length > 0
        ? `guardrail breached: ${breached.map((c) => c.label).join('; ')}`
        : production !== thresholdsVerdict
          ? `thresholds say ${thresholdsVerdict} but a guardrail cannot be settled`
          : `thresholds combined with ${plan.decision.combine}: ${thresholdChecks.map((c) => `${c.label} ${c.result}${c.result === 'unknown' ? ` (${c.note})` : ''}`).join(', ')}`;
  }
  const sources: (SourceOutcome & { required: boolean })[] = [{ source: SOURCE, verdict: production, note: productionNote, required: true }];
  if (plan.localAb) {
    const local = await evaluateLocalAb(plan.localAb, context.db.connection, context.baseDir);
    sources.push(local.source);
    checks.push(...local.checks);
    exclusions.push(...local.exclusions);
  }
  const decision = sources.length === 1 ? { verdict: production, reason: `${SOURCE}: ${productionNote}` } : breakTie(sources, plan.tieBreak);

  const reasons = [
    decision.reason,
    ...checks.map((c) => `[${c.source}] ${c.kind} ${c.label}: ${c.result.toUpperCase()} (observed ${c.observed === null ? 'n/a' : fmt(c.observed)}${c.interval ? ` [${fmt(c.interval[0])}, ${fmt(c.interval[1])}]` : ''}; ${c.note})`),
    ...exclusions.map((e) => `[${e.source}] excluded ${e.count} (${e.reason}): ${e.detail}`),
  ];
  const interval = { method: 'dkl' as const, level: plan.interval.level, resamples: plan.interval.resamples, seed: plan.interval.seed };
  // Charts and the segment table describe the population before the turn restriction, so turn 1
  // can be compared with turn 2+ (the plan's own statistics are above).
  let context1 = inScope;
  for (const e of pop.exclusions) context1 = context1.filter((r) => !r.marks.has(exclusionMark(e.name)));
  const groups = summarizeSegments(context1, { byTurns: true, interval });
  const charts = buildCharts(plan, analysable, groups, results);
  return {
    plan: { name: plan.name, question: plan.question, type: plan.type, file: plan.file },
    verdict: decision.verdict,
    reasons,
    asOf: asOf === null ? undefined : `${formatUtcInstant(asOf, micros)} (from ${asOfFrom})`,
    window: windowText,
    sources: sources.map(({ source, verdict, note }) => ({ source, verdict, note })),
    checks,
    exclusions,
    charts,
    tables: [
      {
        title: `Segments by turn bucket (all turns in the window, after named exclusions; quantiles over runs whose parts add up; ${confidenceLabel(plan.interval.level)} Deng-Knoblich-Lu intervals over conversations)`,
        columns: ['turns', 'runs', 'ok', 'missing parts', 'negative remainder', 'segment', 'p50', 'p50 interval', 'p90', 'p90 interval', 'median share of total'],
        rows: groups.flatMap((g) =>
          g.segments.length === 0
            ? [[g.turnBucket, g.runs, g.quality.ok, g.quality.missing_parts, g.quality.negative_remainder, '-', null, '', null, '', null]]
            : g.segments.map((s) => [
                g.turnBucket,
                g.runs,
                g.quality.ok,
                g.quality.missing_parts,
                g.quality.negative_remainder,
                s.segment,
                round(s.p50.estimate),
                `[${round(s.p50.lower)}, ${round(s.p50.upper)}]`,
                round(s.p90.estimate),
                `[${round(s.p90.lower)}, ${round(s.p90.upper)}]`,
                s.medianShareOfTotal === null ? null : round(s.medianShareOfTotal, 4),
              ]),
        ),
      },
    ],
  };
}

function buildCharts(
  plan: LatencyPlan,
  analysable: readonly LatencyRun[],
  groups: ReturnType<typeof summarizeSegments>,
  results: ReadonlyMap<string, StatisticResult>,
): Chart[] {
  const charts: Chart[] = [];
  const ok = analysable.filter((r) => r.quality === 'ok');
  if (ok.length > 0) {
    charts.push({
      kind: 'distribution',
      title: `Segment distributions (population, ${ok.length} runs whose parts add up)`,
      unit: 'ms',
      series: SEGMENT_FIELDS.map((field) => {
        const sorted = Float64Array.from(ok.map((r) => r[field]!)).sort();
        return { label: field, n: sorted.length, min: sorted[0]!, p10: quantileSorted(sorted, 0.1), p50: quantileSorted(sorted, 0.5), p90: quantileSorted(sorted, 0.9), max: sorted[sorted.length - 1]! };
      }),
    });
  }
  const points = groups.flatMap((g) => {
    const total = g.segments.find((s) => s.segment === 'spawn_to_first_token_ms');
    return total
      ? [
          { label: 'p50', group: g.turnBucket, value: total.p50.estimate, lower: total.p50.lower, upper: total.p50.upper },
          { label: 'p90', group: g.turnBucket, value: total.p90.estimate, lower: total.p90.lower, upper: total.p90.upper },
        ]
      : [];
  });
  if (points.length > 0) charts.push({ kind: 'intervals', title: 'spawn_to_first_token_ms p50 / p90 by turn bucket (intervals over conversations)', unit: 'ms', points });
  const statPoints = [...results.values()].flatMap((r) =>
    r.estimate ? [{ label: r.statistic.id, group: 'statistic', value: r.estimate.estimate, lower: r.estimate.lower, upper: r.estimate.upper }] : [],
  );
  if (statPoints.length > 0) {
    charts.push({
      kind: 'intervals',
      title: 'Plan statistics with intervals, thresholds as reference lines',
      unit: '',
      points: statPoints,
      references: plan.decision.thresholds.map((t) => ({ label: `${t.statistic} ${t.op} ${t.value}`, value: t.value })),
    });
  }
  return charts;
}

function countBy<T>(items: readonly T[], key: (t: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function describeExcluded(excluded: Readonly<Record<string, number>>): string {
  const parts = Object.entries(excluded).map(([k, v]) => `${k}: ${v}`);
  return parts.length > 0 ? `excluded ${parts.join(', ')}` : 'the population is empty';
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(4);
}

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
