import type { SourceOutcome, Verdict } from './outcome.js';

/**
 * What decides when two sources of evidence reach different decisive verdicts (GO vs NO_GO):
 * - a source name (e.g. `production`): that source's verdict stands;
 * - `inconclusive`: disagreement is itself INCONCLUSIVE;
 * - `no_go`: disagreement is NO_GO (the cautious reading).
 */
export type TieBreak = string;

/**
 * Combines per-source verdicts. A source marked required that is INCONCLUSIVE makes the whole
 * plan INCONCLUSIVE (its evidence was pre-registered as necessary); an optional inconclusive
 * source is ignored. Decisive sources that agree decide; if they disagree, `tieBreak` decides.
 */
export function breakTie(
  sources: readonly (SourceOutcome & { required: boolean })[],
  tieBreak: TieBreak,
): { verdict: Verdict; reason: string } {
  const missing = sources.filter((s) => s.required && s.verdict === 'INCONCLUSIVE');
  if (missing.length > 0) {
    const others = sources.filter((s) => !missing.includes(s)).map((s) => `${s.source} alone says ${s.verdict}`);
    const tail = others.length > 0 ? ` (${others.join(', ')})` : '';
    return { verdict: 'INCONCLUSIVE', reason: `required evidence is inconclusive: ${missing.map((s) => `${s.source}: ${s.note}`).join('; ')}${tail}` };
  }
  const decisive = sources.filter((s) => s.verdict !== 'INCONCLUSIVE');
  if (decisive.length === 0) return { verdict: 'INCONCLUSIVE', reason: 'no source of evidence reached a decision' };
  const verdicts = new Set(decisive.map((s) => s.verdict));
  if (verdicts.size === 1) {
    const verdict = decisive[0]!.verdict;
    return { verdict, reason: decisive.length > 1 ? `${decisive.map((s) => s.source).join(' and ')} agree: ${verdict}` : `${decisive[0]!.source}: ${verdict}` };
  }
  const summary = decisive.map((s) => `${s.source} says ${s.verdict}`).join(', ');
  if (tieBreak === 'inconclusive') return { verdict: 'INCONCLUSIVE', reason: `sources disagree (${summary}); the plan treats disagreement as inconclusive` };
  if (tieBreak === 'no_go') return { verdict: 'NO_GO', reason: `sources disagree (${summary}); the plan treats disagreement as NO_GO` };
  const decider = decisive.find((s) => s.source === tieBreak);
  if (decider === undefined) return { verdict: 'INCONCLUSIVE', reason: `sources disagree (${summary}) and the tie-break source "${tieBreak}" reached no decision` };
  return { verdict: decider.verdict, reason: `sources disagree (${summary}); per the plan's tie-break, ${tieBreak} decides: ${decider.verdict}` };
}
