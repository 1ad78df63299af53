import type { AnalysisDb } from '../db/open-database.js';
import { runSqlFile, type SqlRow } from '../db/run-sql-file.js';
import { sqlFilePath } from '../db/sql-file-path.js';
import { InputError } from '../errors/input-error.js';
import { ensureEventTables } from '../ingest/event-tables.js';
import { srmChiSquare } from '../stats/srm-chi-square.js';
import { adjustPValues } from './adjust-p-values.js';
import { compareContinuous } from './compare-continuous.js';
import { compareConversion } from './compare-conversion.js';
import { compareRatio } from './compare-ratio.js';
import { resolveExperimentOptions, type ExperimentOptions, type MetricSpec, type ResolvedExperimentOptions } from './experiment-options.js';
import type { ExcludedCounts, MetricResult, SrmResult } from './experiment-result.js';
import { guarded } from './guarded.js';

/** Share of exposed units seen in several variants at which a health warning is raised (once >= 10 units). */
export const MULTI_VARIANT_WARNING_SHARE = 0.01;
export const MULTI_VARIANT_WARNING_MIN_UNITS = 10;

/**
 * Analyses a flag's experiment over the `events` table: one result per metric, each with the
 * per-variant statistics, the SRM test, exclusions, quarantine counts and warnings. The SQL in
 * notebooks-sql/ returns sufficient statistics; inference happens here in TypeScript.
 *
 * Throws InputError for invalid options, a flag with no exposures (naming the flags that have
 * some), a flag whose every exposed unit was seen in more than one variant, or a control that is
 * not a variant.
 */
export async function analyzeExperiment(db: AnalysisDb, input: ExperimentOptions): Promise<MetricResult[]> {
  const options = resolveExperimentOptions(input);
  validate(options);
  const conn = db.connection;
  await ensureEventTables(conn);
  const common = { flag: options.flag, unit: options.unit, window_seconds: options.windowSeconds };
  // With a conversion metric, one query returns its per-variant counts and the exposure health
  // (the exposures are parsed and grouped by unit once instead of twice); its numbers equal
  // those of experiment-exposure-health.sql and experiment-conversion-by-variant.sql.
  const firstConversion = options.metrics.find((m) => m.kind === 'conversion');
  const precomputed = new Map<MetricSpec, SqlRow[]>();
  let health: SqlRow | undefined;
  if (firstConversion !== undefined) {
    const rows = await runSqlFile(conn, sqlFilePath('experiment-conversion-with-health.sql'), { ...common, metric: firstConversion.event });
    health = rows[0];
    precomputed.set(
      firstConversion,
      rows.filter((r) => r['variant'] !== null && r['variant'] !== undefined).map((r) => ({ variant: r['variant'], units: r['units'], conversions: r['conversions'] })),
    );
  } else {
    [health] = await runSqlFile(conn, sqlFilePath('experiment-exposure-health.sql'), common);
  }
  const exposedUnits = num(health, 'exposed_units');
  if (exposedUnits === 0) throw new InputError(await noExposuresMessage(db, options));
  if (num(health, 'multi_variant_units') === exposedUnits) {
    throw new InputError(
      `all ${exposedUnits} exposed units of flag '${options.flag}' were seen in more than one variant and are excluded, so no variant has a unit to analyse; check that the flag and the events share one id`,
    );
  }
  const quarantined: Record<string, number> = {};
  const reader = await conn.runAndReadAll('select reason, count(*) as n from quarantine group by reason order by reason');
  for (const row of reader.getRowObjectsJS()) quarantined[String(row['reason'])] = Number(row['n']);

  const results: MetricResult[] = [];
  for (const metric of options.metrics) {
    results.push(await analyzeMetric(db, options, metric, health!, exposedUnits, quarantined, precomputed.get(metric)));
  }
  adjustPValues(results, options.correction);
  return results;
}

async function analyzeMetric(
  db: AnalysisDb,
  options: ResolvedExperimentOptions,
  metric: MetricSpec,
  health: SqlRow,
  exposedUnits: number,
  quarantined: Record<string, number>,
  /** The metric's per-variant rows when they were already read (see analyzeExperiment). */
  precomputed?: SqlRow[],
): Promise<MetricResult> {
  const conn = db.connection;
  const params = { flag: options.flag, unit: options.unit, window_seconds: options.windowSeconds, metric: metric.event };
  const warnings: string[] = [];
  let rows: SqlRow[];
  if (precomputed !== undefined) {
    rows = [...precomputed];
  } else if (metric.kind === 'conversion') {
    rows = await runSqlFile(conn, sqlFilePath('experiment-conversion-by-variant.sql'), params);
  } else if (metric.kind === 'continuous') {
    rows = await runSqlFile(conn, sqlFilePath('experiment-continuous-by-variant.sql'), {
      ...params,
      value_property: metric.property,
      aggregate: metric.aggregate,
    });
  } else {
    rows = await runSqlFile(conn, sqlFilePath('experiment-ratio-by-variant.sql'), {
      ...params,
      value_property: metric.property ?? '',
      denominator_event: metric.denominatorEvent,
      denominator_property: metric.denominatorProperty ?? '',
    });
  }
  // Configured variants that received no units still appear (with 0), so a lost arm is visible.
  const observed = new Set(rows.map((r) => String(r['variant'])));
  for (const variant of Object.keys(options.weights ?? {})) {
    if (!observed.has(variant)) rows.push({ variant, units: 0, conversions: 0, sum: 0, sum_squares: 0, units_without_value: 0, non_numeric_values: 0, sum_x: 0, sum_y: 0, sum_x2: 0, sum_y2: 0, sum_xy: 0 });
  }
  rows.sort((a, b) => String(a['variant']).localeCompare(String(b['variant'])));
  const variantNames = rows.map((r) => String(r['variant']));
  const control = resolveControl(options, variantNames);

  const exposedByVariant = new Map<string, number>();
  for (const r of rows) {
    const exposed = metric.kind === 'continuous' ? num(r, 'units') + num(r, 'units_without_value') : num(r, 'units');
    exposedByVariant.set(String(r['variant']), exposed);
  }
  const { srm, unitsInUnweightedVariants } = sampleRatio(options, exposedByVariant, warnings);
  const excluded: ExcludedCounts = {
    multiVariantUnits: num(health, 'multi_variant_units'),
    exposuresWithoutUnit: num(health, 'exposures_without_unit'),
    exposuresWithoutVariant: num(health, 'exposures_without_variant'),
    unitsInUnweightedVariants,
  };
  healthWarnings(excluded, exposedUnits, quarantined, warnings);

  const level = options.confidence;
  // Key order: the documented JSON shape first, then the extra context.
  const base = {
    flag: options.flag,
    metric: metric.kind === 'ratio' ? `${metric.event}/${metric.denominatorEvent}` : metric.event,
    control,
    srm,
    excluded,
    quarantined,
    variants: [] as never[],
    kind: metric.kind,
    unit: options.unit === '' ? 'distinct_id' : options.unit,
    windowSeconds: options.windowSeconds,
    confidence: level,
    correction: options.correction,
    exposedUnits,
    warnings,
  };
  if (metric.kind === 'conversion') {
    const counts = rows.map((r) => ({ variant: String(r['variant']), units: num(r, 'units'), conversions: num(r, 'conversions') }));
    // A misspelt metric event looks exactly like a metric nobody converted on: say so.
    if (counts.some((c) => c.units > 0) && counts.every((c) => c.conversions === 0)) {
      warnings.push(`no exposed unit did '${metric.event}' in any variant: check the metric event name and the window`);
    }
    return { ...base, kind: 'conversion', variants: compareConversion(counts, control, level, warnings) };
  }
  if (metric.kind === 'continuous') {
    const sums = rows.map((r) => ({
      variant: String(r['variant']),
      units: num(r, 'units'),
      sum: num(r, 'sum'),
      sumSquares: num(r, 'sum_squares'),
      unitsWithoutValue: num(r, 'units_without_value'),
      nonNumericValues: num(r, 'non_numeric_values'),
    }));
    const nonNumeric = sums.reduce((a, s) => a + s.nonNumericValues, 0);
    if (nonNumeric > 0) warnings.push(`${nonNumeric} value(s) of '${metric.property}' were not numbers and were skipped`);
    // A misspelt property (or event) looks exactly like a metric that is 0 for everyone (sum) or
    // that nobody has (mean): say so, as for a conversion metric nobody converted on.
    if (sums.some((s) => s.units + s.unitsWithoutValue > 0) && sums.every((s) => s.sum === 0 && s.sumSquares === 0)) {
      warnings.push(
        `no exposed unit has a non-zero numeric '${metric.property}' on '${metric.event}' in any variant: check the property name, the metric event name and the window`,
      );
    }
    return { ...base, kind: 'continuous', aggregate: metric.aggregate, property: metric.property, variants: compareContinuous(sums, control, level, warnings) };
  }
  const ratios = rows.map((r) => ({
    variant: String(r['variant']),
    n: num(r, 'units'),
    sumX: num(r, 'sum_x'),
    sumY: num(r, 'sum_y'),
    sumX2: num(r, 'sum_x2'),
    sumY2: num(r, 'sum_y2'),
    sumXY: num(r, 'sum_xy'),
  }));
  return { ...base, kind: 'ratio', variants: compareRatio(ratios, control, level, warnings) };
}

function sampleRatio(
  options: ResolvedExperimentOptions,
  exposedByVariant: Map<string, number>,
  warnings: string[],
): { srm: SrmResult | null; unitsInUnweightedVariants: number } {
  const weights = options.weights ?? Object.fromEntries([...exposedByVariant.keys()].map((v) => [v, 1]));
  const names = Object.keys(weights);
  let unitsInUnweightedVariants = 0;
  for (const [variant, units] of exposedByVariant) {
    if (!Object.hasOwn(weights, variant) && units > 0) {
      unitsInUnweightedVariants += units;
      warnings.push(`variant '${variant}' has ${units} unit(s) but no configured weight; it is analysed but left out of the SRM test`);
    }
  }
  if (names.length < 2) {
    warnings.push('SRM test needs at least two variants');
    return { srm: null, unitsInUnweightedVariants };
  }
  const observed = names.map((v) => exposedByVariant.get(v) ?? 0);
  const result = guarded(warnings, 'SRM', () => srmChiSquare(observed, names.map((v) => weights[v]!)));
  if (result === null) return { srm: null, unitsInUnweightedVariants };
  if (result.pValue < options.srmAlpha) {
    warnings.push(
      `sample-ratio mismatch: p = ${result.pValue.toExponential(2)} < ${options.srmAlpha} (observed ${observed.join('/')} vs weights ${names.map((v) => weights[v]).join('/')}); the assignment or the exposure logging is broken, do not trust the lifts`,
    );
  }
  return {
    srm: { chi2: result.chi2, pValue: result.pValue, df: result.df, expected: Object.fromEntries(names.map((v, i) => [v, result.expected[i]!])) },
    unitsInUnweightedVariants,
  };
}

function healthWarnings(excluded: ExcludedCounts, exposedUnits: number, quarantined: Record<string, number>, warnings: string[]): void {
  const share = excluded.multiVariantUnits / exposedUnits;
  if (exposedUnits >= MULTI_VARIANT_WARNING_MIN_UNITS && share >= MULTI_VARIANT_WARNING_SHARE) {
    warnings.push(
      `${excluded.multiVariantUnits} of ${exposedUnits} exposed units (${(share * 100).toFixed(1)}%) were seen in more than one variant and are excluded; check that the flag and the events share one id`,
    );
  }
  if (excluded.exposuresWithoutUnit > 0) warnings.push(`${excluded.exposuresWithoutUnit} exposure event(s) have no unit and are ignored`);
  if (excluded.exposuresWithoutVariant > 0) warnings.push(`${excluded.exposuresWithoutVariant} exposure event(s) name no variant (no $feature_flag_response, or PostHog's false: the flag matched nothing for that unit then) and are ignored`);
  const bad = Object.values(quarantined).reduce((a, b) => a + b, 0);
  if (bad > 0) warnings.push(`${bad} input row(s) were quarantined (see the quarantine table)`);
}

function resolveControl(options: ResolvedExperimentOptions, variants: string[]): string {
  if (options.control !== undefined) {
    if (!variants.includes(options.control)) {
      throw new InputError(`control '${options.control}' is not a variant of flag '${options.flag}' (variants: ${variants.join(', ')})`);
    }
    return options.control;
  }
  if (variants.includes('control')) return 'control';
  const first = Object.keys(options.weights ?? {})[0];
  if (first !== undefined) return first;
  throw new InputError(`no variant named 'control' for flag '${options.flag}'; name one with --control (variants: ${variants.join(', ')})`);
}

function validate(o: ResolvedExperimentOptions): void {
  if (o.flag === '') throw new InputError('flag: a flag key is required');
  if (o.metrics.length === 0) throw new InputError('metric: at least one metric is required');
  for (const m of o.metrics) if (m.event === '') throw new InputError('metric: the event name is empty');
  if (!(o.confidence > 0 && o.confidence < 1)) throw new InputError(`confidence must be between 0 and 1 (exclusive), got ${o.confidence}`);
  if (!(o.windowSeconds >= 0) || !Number.isFinite(o.windowSeconds)) throw new InputError(`window must be >= 0 seconds, got ${o.windowSeconds}`);
  for (const [variant, w] of Object.entries(o.weights ?? {})) {
    if (!(w > 0) || !Number.isFinite(w)) throw new InputError(`weights: '${variant}' must have a positive weight, got ${w}`);
  }
}

async function noExposuresMessage(db: AnalysisDb, o: ResolvedExperimentOptions): Promise<string> {
  const reader = await db.connection.runAndReadAll(`
    select json_extract_string(properties, '$."$feature_flag"') as flag, count(*) as n
    from events where event = '$feature_flag_called' group by all order by n desc limit 10`);
  const flags = reader.getRowObjectsJS().map((r) => `${String(r['flag'])} (${Number(r['n'])})`);
  const unit = o.unit === '' ? '' : ` with unit property '${o.unit}'`;
  return flags.length === 0
    ? `no $feature_flag_called events at all in the loaded events, so flag '${o.flag}' has no exposures`
    : `flag '${o.flag}' has no exposures${unit}; flags with exposures: ${flags.join(', ')}`;
}

function num(row: SqlRow | undefined, key: string): number {
  const value = row?.[key];
  return value === null || value === undefined ? 0 : Number(value);
}
