import { describe, expect, it } from 'vitest';
import { pairRuns } from '../../src/plans/local-ab/pair-runs.js';

const run = (pairId: string | null, arm: string | null, value: number | null) => ({ pairId, arm, value, origin: 'test' });

describe('local A/B pairing: every run is used or counted by reason', () => {
  it('complete pairs are matched by id; incomplete, duplicated, unknown-arm and valueless runs are set aside', () => {
    const p = pairRuns(
      [
        run('a', 'fresh', 10), run('a', 'resumed', 7),
        run('b', 'resumed', 5), run('b', 'fresh', 9),
        run('c', 'fresh', 10),
        run('d', 'fresh', 10), run('d', 'fresh', 11), run('d', 'resumed', 3),
        run('e', 'fresh', null), run('e', 'resumed', 4),
        run('f', 'warm', 1),
        run(null, 'fresh', 1),
      ],
      { baseline: 'fresh', treatment: 'resumed' },
    );
    expect(p.ids).toEqual(['a', 'b']);
    expect(p.baseline).toEqual([10, 9]);
    expect(p.treatment).toEqual([7, 5]);
    expect(p.problems).toEqual({ incomplete_pair: 1, duplicate_arm: 3, missing_value: 2, unknown_arm: 1, malformed_row: 1 });
    const accounted = p.ids.length * 2 + Object.values(p.problems).reduce((a, b) => a + b, 0);
    expect(accounted).toBe(12);
  });

  it('an empty pair id names no pair (as an empty CSV cell): two unrelated runs without one are not a pair', () => {
    // A JSON lines file or events with "pair_id": "" on a fresh and a resumed run.
    const p = pairRuns([run('a', 'fresh', 10), run('a', 'resumed', 7), run('', 'fresh', 9000), run('', 'resumed', 10)], { baseline: 'fresh', treatment: 'resumed' });
    expect(p.ids).toEqual(['a']);
    expect(p.problems).toEqual({ malformed_row: 2 });
  });
});
