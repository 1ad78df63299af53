// Each notebooks-sql/ file is one statement an analyst can rerun alone, so the experiment files
// repeat the CTEs that say what an exposure is. This keeps the copies identical: a change to one
// (a rule, a comment) must be made to all, or the queries would disagree on who was exposed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../notebooks-sql/', import.meta.url));
const files = [
  'experiment-exposure-health',
  'experiment-conversion-with-health',
  'experiment-conversion-by-variant',
  'experiment-continuous-by-variant',
  'experiment-ratio-by-variant',
];

/** The text of CTE `name` in `sql`, from `name as` to its closing `),` line. */
function cte(sql: string, name: string): string {
  const start = sql.search(new RegExp(`^${name} as `, 'm'));
  if (start < 0) return `(no ${name} CTE)`;
  const end = sql.indexOf('\n),\n', start);
  return sql.slice(start, end);
}

describe('the experiment SQL files share one definition of an exposure', () => {
  const texts = Object.fromEntries(files.map((f) => [f, readFileSync(`${root}${f}.sql`, 'utf8')]));
  it.each(['exposure_events', 'flag_kind', 'exposures'])('%s is the same text in every experiment file', (name) => {
    const reference = cte(texts[files[0]!]!, name);
    expect(reference).not.toMatch(/^\(no /);
    for (const file of files.slice(1)) expect(cte(texts[file]!, name), `${file}.sql's ${name}`).toBe(reference);
  });
});
