// Shared pieces of the exposure tests: an experiment document, a fixed clock and fixed ids.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** 2025-11-21T04:40:00.000Z: every record's timestamp in these tests. */
export const FIXED_NOW = 1_763_700_000_000;
export const FIXED_ISO = '2025-11-21T04:40:00.000Z';

/** Ids `00000000-0000-4000-8000-000000000001`, `...02`, ... in the order records are sent. */
export function fixedUuids(): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  };
}

/**
 * `cta`: an A/B test, `button` (control, the default) vs `card` for the listed test units, version 4
 * in metadata. `max-retries`: a number flag read by code that shows nothing.
 */
export function writeExperimentDocument(dir: string, testUnits: readonly string[] = ['u-test']): string {
  const file = join(dir, 'flags.json');
  writeFileSync(
    file,
    JSON.stringify({
      flags: {
        cta: {
          state: 'ENABLED',
          variants: { button: 'button', card: 'card' },
          defaultVariant: 'button',
          targeting: { if: [{ in: [{ var: 'targetingKey' }, [...testUnits]] }, 'card', 'button'] },
          metadata: { version: 4 },
        },
        'max-retries': { state: 'ENABLED', variants: { few: 2, many: 9 }, defaultVariant: 'few' },
      },
    }),
  );
  return file;
}
