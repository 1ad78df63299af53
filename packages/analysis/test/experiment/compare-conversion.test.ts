import { describe, expect, it } from 'vitest';
import { compareConversion } from '../../src/experiment/compare-conversion.js';
import { relativeLift } from '../../src/stats/relative-lift.js';

describe('compareConversion: per-variant conversion statistics against the control', () => {
  it('the relative lift interval of rates stays at or above -100% (a rate cannot fall below 0)', () => {
    // control 1/2 against test 1/10: the delta-method bounds leave [-1, inf) on the low side
    const bare = relativeLift(0.5, (0.5 * 0.5) / 2, 0.1, (0.1 * 0.9) / 10, 0.95);
    expect(bare.interval[0]).toBeLessThan(-1);
    const [, test] = compareConversion(
      [
        { variant: 'control', units: 2, conversions: 1 },
        { variant: 'test', units: 10, conversions: 1 },
      ],
      'control',
      0.95,
      [],
    );
    expect(test!.relativeLift).toBeCloseTo(-0.8, 12);
    expect(test!.relativeLiftCI).toEqual([-1, bare.interval[1]]);
    // inside the range nothing changes
    const [, wide] = compareConversion(
      [
        { variant: 'control', units: 1000, conversions: 100 },
        { variant: 'test', units: 1000, conversions: 120 },
      ],
      'control',
      0.95,
      [],
    );
    expect(wide!.relativeLiftCI).toEqual(relativeLift(0.1, 0.00009, 0.12, 0.0001056, 0.95).interval);
  });
});
