import { describe, expect, it } from 'vitest';
import { parseVersion } from '../../src/posthog/semver.js';

describe("PostHog semver reading (strict): [v]MAJOR[.MINOR[.PATCH]], suffixes ignored, missing parts 0", () => {
  it('reads the common shapes in one scan and defers every other shape to the general reading', () => {
    const cases: [string, readonly [number, number, number] | undefined][] = [
      ['1', [1, 0, 0]],
      ['v1.2', [1, 2, 0]],
      ['V10.0.0-beta', [10, 0, 0]],
      ['2.1.0', [2, 1, 0]],
      ['1.2.3+build-7', [1, 2, 3]],
      ['1-2', [1, 0, 0]],
      ['0.0.0', [0, 0, 0]],
      ['1.2.3.4', [1, 2, 3]], // a fourth part is ignored (general reading)
      ['1..2', [1, 0, 2]], // an empty part reads 0 (general reading)
      ['1.', [1, 0, 0]],
      [' 1.2 ', [1, 2, 0]], // trimmed (general reading)
      ['01.2', undefined], // leading zeros rejected
      ['1.02', undefined],
      ['.1', undefined],
      ['', undefined],
      ['v', undefined],
      ['vv1', undefined],
      ['1.2.x', undefined],
      ['x', undefined],
    ];
    for (const [text, expected] of cases) expect([text, parseVersion(text)]).toEqual([text, expected]);
  });
});
