import type { DuckDBConnection } from '@duckdb/node-api';
import { isAbsolute, resolve } from 'node:path';
import { runSqlFile } from '../../db/run-sql-file.js';
import { pairedTTest } from '../../stats/paired-t-test.js';
import { quantileType7 } from '../../stats/quantile-type7.js';
import { wilcoxonSignedRank } from '../../stats/wilcoxon-signed-rank.js';
import { combineChecks } from '../combine-checks.js';
import type { CheckOutcome, CheckResult, ExclusionCount, SourceOutcome, Verdict } from '../outcome.js';
import { sqlFilePath } from '../../db/sql-file-path.js';
import type { LocalAbPlan } from './local-ab-plan.js';
import type { PairRun } from './pair-run.js';
import { pairRuns } from './pair-runs.js';
import { readPairFile } from './read-pair-file.js';

export interface LocalAbOutcome {
  readonly source: SourceOutcome & { required: boolean };
  readonly checks: readonly CheckOutcome[];
  readonly exclusions: readonly ExclusionCount[];
  readonly pairs: number;
}

const SOURCE = 'local_ab';

/** Loads the pairs, runs the paired tests and reaches the local A/B's own verdict. */
export async function evaluateLocalAb(plan: LocalAbPlan, connection: DuckDBConnection, baseDir: string): Promise<LocalAbOutcome> {
  const runs = await loadPairRuns(plan, connection, baseDir);
  const pairs = pairRuns(runs, plan.arms);
  const exclusions: ExclusionCount[] = Object.entries(pairs.problems).map(([reason, count]) => ({
    source: SOURCE,
    reason,
    detail: PROBLEM_TEXT[reason] ?? reason,
    count,
  }));
  const n = pairs.ids.length;
  const direction = `${plan.arms.baseline} - ${plan.arms.treatment} of ${plan.metric}`;
  const sampleCheck: CheckOutcome = {
    kind: 'sample',
    source: SOURCE,
    label: `complete pairs >= ${plan.minPairs}`,
    observed: n,
    op: '>=',
    target: plan.minPairs,
    samples: { pairs: n, runs: runs.length },
    result: n >= plan.minPairs ? 'pass' : 'fail',
    note: n >= plan.minPairs ? `${n} complete pairs` : `only ${n} complete ${plan.arms.baseline}/${plan.arms.treatment} pairs; the plan needs ${plan.minPairs}`,
  };
  if (n < plan.minPairs) {
    return { source: { source: SOURCE, verdict: 'INCONCLUSIVE', note: sampleCheck.note, required: plan.required }, checks: [sampleCheck], exclusions, pairs: n };
  }
  const checks: CheckOutcome[] = [sampleCheck];
  const testResults: CheckResult[] = [];
  for (const test of plan.tests) {
    let check: CheckOutcome;
    try {
      if (test === 'wilcoxon') {
        const r = wilcoxonSignedRank(pairs.baseline, pairs.treatment, plan.alternative);
        check = {
          kind: 'test',
          source: SOURCE,
          label: `Wilcoxon signed-rank p < ${plan.alpha}`,
          definition: `${direction}, alternative ${plan.alternative}, ${r.method} p-value, V = ${r.statistic}, ${r.zeros} zero difference(s) dropped`,
          observed: r.pValue,
          op: '<',
          target: plan.alpha,
          samples: { pairs: r.n },
          result: r.pValue < plan.alpha ? 'pass' : 'fail',
          note: `V = ${r.statistic}, p = ${formatP(r.pValue)} (${r.method})`,
        };
      } else {
        const r = pairedTTest(pairs.baseline, pairs.treatment, plan.alternative);
        check = {
          kind: 'test',
          source: SOURCE,
          label: `paired t-test p < ${plan.alpha}`,
          definition: `${direction}, alternative ${plan.alternative}; interval is for the mean difference`,
          observed: r.pValue,
          interval: r.interval,
          intervalLabel: `95% CI of the mean difference ${r.meanDifference.toFixed(1)}`,
          op: '<',
          target: plan.alpha,
          samples: { pairs: r.n },
          result: r.pValue < plan.alpha ? 'pass' : 'fail',
          note: `t = ${r.t.toFixed(3)}, df = ${r.df}, p = ${formatP(r.pValue)}, mean difference ${r.meanDifference.toFixed(1)} [${r.interval[0].toFixed(1)}, ${r.interval[1].toFixed(1)}]`,
        };
      }
    } catch (err) {
      check = { kind: 'test', source: SOURCE, label: test, observed: null, samples: { pairs: n }, result: 'unknown', note: `test undefined on these pairs: ${(err as Error).message}` };
    }
    checks.push(check);
    testResults.push(check.result);
  }
  const significance = combineChecks(testResults, plan.combine);
  const results: CheckResult[] = [toResult(significance)];
  if (plan.minEffect !== null) {
    const effects = pairs.baseline.map((b, i) => {
      const d = b - pairs.treatment[i]!;
      return plan.minEffect!.kind === 'relative' ? (b === 0 ? Number.NaN : d / b) : d;
    });
    const finite = effects.filter(Number.isFinite);
    const median = finite.length > 0 ? quantileType7(finite, 0.5) : Number.NaN;
    const min = plan.minEffect.value;
    const signed = plan.alternative === 'less' ? -median : plan.alternative === 'two-sided' ? Math.abs(median) : median;
    const result: CheckResult = Number.isFinite(median) ? (signed >= min ? 'pass' : 'fail') : 'unknown';
    const unit = plan.minEffect.kind === 'relative' ? ' (fraction of the baseline)' : '';
    checks.push({
      kind: 'threshold',
      source: SOURCE,
      label: `median paired effect >= ${min}${unit}`,
      definition: `median over pairs of ${plan.minEffect.kind === 'relative' ? `(${plan.arms.baseline} - ${plan.arms.treatment}) / ${plan.arms.baseline}` : `${plan.arms.baseline} - ${plan.arms.treatment}`} of ${plan.metric}`,
      observed: Number.isFinite(median) ? median : null,
      op: '>=',
      target: min,
      samples: { pairs: finite.length },
      result,
      note: Number.isFinite(median) ? `median effect ${median.toFixed(4)}` : 'no pair has a usable effect',
    });
    results.push(result);
  }
  const verdict = combineChecks(results, 'all');
  const note =
    verdict === 'GO'
      ? `the ${plan.arms.treatment} arm beats ${plan.arms.baseline} over ${n} pairs`
      : verdict === 'NO_GO'
        ? `over ${n} pairs the expected difference was not shown (${checks.filter((c) => c.result === 'fail').map((c) => c.label).join('; ')})`
        : `the paired tests could not decide over ${n} pairs`;
  return { source: { source: SOURCE, verdict, note, required: plan.required }, checks, exclusions, pairs: n };
}

async function loadPairRuns(plan: LocalAbPlan, connection: DuckDBConnection, baseDir: string): Promise<PairRun[]> {
  const source = plan.source;
  if (source.kind === 'file') {
    const path = isAbsolute(source.path) ? source.path : resolve(baseDir, source.path);
    return readPairFile(path, { pair: source.pairColumn, arm: source.armColumn, metric: plan.metric });
  }
  const rows = await runSqlFile(connection, sqlFilePath('local-ab-runs.sql'), {
    event: source.event,
    pair_property: source.pairProperty,
    arm_property: source.armProperty,
    metric: plan.metric,
  });
  return rows.map((r) => ({
    pairId: (r['pair_id'] as string | null) ?? null,
    arm: (r['arm'] as string | null) ?? null,
    value: typeof r['value'] === 'number' ? (r['value'] as number) : null,
    origin: String(r['uuid']),
  }));
}

function toResult(v: Verdict): CheckResult {
  return v === 'GO' ? 'pass' : v === 'NO_GO' ? 'fail' : 'unknown';
}

function formatP(p: number): string {
  // Student's t CDF underflows to 0 for |t| near 20 and beyond; say so rather than print 0.
  if (p === 0) return '< 1e-16';
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}

const PROBLEM_TEXT: Record<string, string> = {
  malformed_row: 'rows without a pair id (unreadable, missing the column, or empty)',
  unknown_arm: 'runs whose arm is neither the baseline nor the treatment',
  missing_value: 'pairs where a run lacks a numeric metric',
  incomplete_pair: 'pairs with only one arm',
  duplicate_arm: 'pairs with an arm recorded twice (ambiguous, set aside whole)',
};
