import { describe, expect, it } from 'vitest';
import { progressReporter } from '../src/analyze/progress-reporter.js';
import { formatWindow, parseWindow } from '../src/analyze/parse-window.js';
import { parseWeights } from '../src/analyze/parse-weights.js';

function sink() {
  const chunks: string[] = [];
  return { chunks, stream: { write: (c: string) => (chunks.push(c), true), once: () => undefined } };
}

describe('analyze: load progress on stderr', () => {
  it('stays silent for loads shorter than the delay', () => {
    const s = sink();
    let now = 0;
    const r = progressReporter(s.stream, 1000, () => now);
    now = 500;
    r.onProgress({ phase: 'reading', file: 'a.parquet', fileNumber: 1, fileCount: 2, percentage: 40 });
    r.done();
    expect(s.chunks).toEqual([]);
  });

  it('redraws one line in place after the delay and clears it when done', () => {
    const s = sink();
    let now = 0;
    const r = progressReporter(s.stream, 1000, () => now);
    now = 1500;
    r.onProgress({ phase: 'reading', file: 'a.parquet', fileNumber: 1, fileCount: 2, percentage: 40.4 });
    r.onProgress({ phase: 'reading', file: 'a.parquet', fileNumber: 1, fileCount: 2, percentage: 40.4 });
    r.onProgress({ phase: 'collapsing', file: 'b.parquet', fileNumber: 2, fileCount: 2, percentage: -1 });
    r.done();
    expect(s.chunks).toEqual([
      '\r\x1b[2Kloading events: file 1/2 a.parquet 40%',
      '\r\x1b[2Kloading events: collapsing duplicate uuids',
      '\r\x1b[2K',
    ]);
  });
});

describe('analyze: option values', () => {
  it('--window takes one number and a unit', () => {
    expect(parseWindow('7d', 'analyze')).toBe(604800);
    expect(parseWindow('90s', 'analyze')).toBe(90);
    expect(parseWindow('1.5h', 'analyze')).toBe(5400);
    expect(() => parseWindow('7', 'analyze')).toThrow(/--window/);
    expect(() => parseWindow('0d', 'analyze')).toThrow(/longer than 0/);
    expect(formatWindow(604800)).toBe('7d');
    expect(formatWindow(5400)).toBe('90m');
  });

  it('--weights takes VARIANT=WEIGHT pairs, at least two, positive, no repeats', () => {
    expect(parseWeights('control=50, test=50', 'analyze')).toEqual({ weights: { control: 50, test: 50 }, order: ['control', 'test'] });
    expect(parseWeights('a=1,b=2,c=0.5', 'analyze').weights).toEqual({ a: 1, b: 2, c: 0.5 });
    expect(parseWeights('2=50,1=50', 'analyze').order).toEqual(['2', '1']);
    expect(() => parseWeights('control=50', 'analyze')).toThrow(/at least two/);
    expect(() => parseWeights('a=1,a=2', 'analyze')).toThrow(/twice/);
    expect(() => parseWeights('a=0,b=1', 'analyze')).toThrow(/positive/);
  });
});
