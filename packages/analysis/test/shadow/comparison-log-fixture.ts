// Builds shadow comparison logs with known counts (the writer's line format, ComparisonRecord v1).
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export interface LineSpec {
  flag: string;
  verdict: 'AGREE' | 'DIVERGE' | 'SHADOW_EMPTY' | 'PRIMARY_EMPTY' | 'SHADOW_ERROR';
  attributes?: Record<string, unknown>;
  mode?: 'shadow' | 'route';
  time?: string;
  key?: string;
}

export function comparisonLine(spec: LineSpec, i: number): string {
  const agree = spec.verdict === 'AGREE';
  return JSON.stringify({
    v: 1,
    time: spec.time ?? new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString(),
    mode: spec.mode ?? 'shadow',
    flag: spec.flag,
    type: 'string',
    key: spec.key ?? `job-${i}`,
    verdict: spec.verdict,
    primary: { source: 'file:local.json', value: spec.verdict === 'PRIMARY_EMPTY' ? 'x' : 'fast', variant: 'fast', reason: 'STATIC', errorCode: spec.verdict === 'PRIMARY_EMPTY' ? 'FLAG_NOT_FOUND' : null },
    shadow:
      spec.verdict === 'SHADOW_ERROR'
        ? { source: 'http://coordinator', value: null, variant: null, reason: null, errorCode: null, error: 'timeout: timeout after 1000 ms' }
        : { source: 'http://coordinator', value: agree ? 'fast' : 'slow', variant: agree ? 'fast' : 'slow', reason: 'STATIC', errorCode: spec.verdict === 'SHADOW_EMPTY' ? 'FLAG_NOT_FOUND' : null },
    attributes: spec.attributes ?? {},
    shadowMs: 0.1,
  });
}

/** Repeats `spec` `count` times. */
export function many(count: number, spec: LineSpec): LineSpec[] {
  return Array.from({ length: count }, () => spec);
}

/** Writes the lines (and the given bad lines at the given positions) to `path`, gzipped when it ends in .gz. */
export function writeLog(path: string, specs: readonly LineSpec[], bad: ReadonlyMap<number, string> = new Map()): void {
  const lines: string[] = [];
  let i = 0;
  for (const spec of specs) {
    if (bad.has(lines.length)) lines.push(bad.get(lines.length)!);
    lines.push(comparisonLine(spec, i));
    i += 1;
  }
  const text = `${lines.join('\n')}\n`;
  writeFileSync(path, path.endsWith('.gz') ? gzipSync(text) : text);
}
