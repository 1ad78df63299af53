// Reproducible queries: the seeded generator makes a small export; every notebooks-sql/*.sql runs
// with its committed <name>.params.json and every example plan in scripts/plans/ is evaluated; the
// results must equal the committed scripts/test/expected/ files, so a change in any number shows
// up in review. Refresh after an intended change: UPDATE_EXPECTED=1 npx vitest run scripts/test
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluatePlan, loadEvents, loadPlanFile, openDatabase, runSqlFile, type AnalysisDb, type LoadReport } from '@rollgate/analysis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindParams, expectMatchesFile, normalise, summarise } from './sql-harness.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const sqlDir = join(repo, 'notebooks-sql');
const plansDir = join(repo, 'scripts', 'plans');
const expectedDir = join(repo, 'scripts', 'test', 'expected');
const queries = readdirSync(sqlDir).filter((f) => f.endsWith('.sql')).sort();
const plans = readdirSync(plansDir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

let dir: string;
let jsonl: AnalysisDb;
let parquet: AnalysisDb;
let report: LoadReport;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rollgate-export-'));
  // The same command an analyst runs; seed and end time fixed, so the export is byte-identical.
  execFileSync(process.execPath, [join(repo, 'scripts', 'generate-events.mjs'), '--out', dir, '--seed', '42', '--end', '2026-11-20T00:00:00Z'], { stdio: 'pipe' });
  jsonl = await openDatabase(undefined, { threads: 1 });
  report = await loadEvents(jsonl, [join(dir, 'events.jsonl')]);
  parquet = await openDatabase(undefined, { threads: 1 });
  await loadEvents(parquet, [join(dir, 'events.parquet')]);
});

afterAll(() => {
  jsonl?.close();
  parquet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('reproducible queries over the generated export', () => {
  it('the generated export loads with its malformed rows quarantined and counted', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { rows: number; malformed: number; duplicates: number };
    expect(report.quarantined).toBe(manifest.malformed);
    expect(report.duplicates).toBe(manifest.duplicates);
    expect(report.added).toBe(manifest.rows);
  });

  it.each(queries)('%s matches scripts/test/expected/sql/ with its committed params', async (file) => {
    const name = file.replace(/\.sql$/, '');
    const paramsFile = join(sqlDir, `${name}.params.json`);
    expect(existsSync(paramsFile), `notebooks-sql/${name}.params.json must hold the parameters this query runs with in CI`).toBe(true);
    const params = bindParams(JSON.parse(readFileSync(paramsFile, 'utf8')) as Record<string, unknown>);
    const rows = await runSqlFile(jsonl.connection, join(sqlDir, file), params);
    expectMatchesFile(join(expectedDir, 'sql', `${name}.json`), summarise(rows));
    // The Parquet (batch export) copy of the same events must give the same answer.
    const fromParquet = await runSqlFile(parquet.connection, join(sqlDir, file), params);
    expect(normalise(fromParquet)).toEqual(normalise(rows));
  });

  it.each(plans)('plan %s gives the committed verdict and numbers', async (file) => {
    const path = join(plansDir, file);
    const plan = await loadPlanFile(path);
    const outcome = await evaluatePlan(plan, { db: jsonl, baseDir: plansDir, quarantined: report.quarantineReasons });
    const stable = normalise({ ...outcome, plan: { ...outcome.plan, file: relative(repo, path) } });
    expectMatchesFile(join(expectedDir, 'plans', `${file.replace(/\.(ya?ml|json)$/, '')}.json`), stable);
  });
});
