// The verdict of one shadow comparison: a pure function both the server and a future web shadow use.
import type { JsonValue } from '../types.js';
import { jsonDeepEqual } from './json-deep-equal.js';

/** The five verdicts of a shadow comparison. */
export const COMPARISON_VERDICTS = ['AGREE', 'DIVERGE', 'SHADOW_EMPTY', 'PRIMARY_EMPTY', 'SHADOW_ERROR'] as const;
export type ComparisonVerdict = (typeof COMPARISON_VERDICTS)[number];

/** What one side answered, in OpenFeature's ResolutionDetails shape (only what comparison reads). */
export interface ComparedAnswer {
  readonly value: JsonValue;
  readonly variant?: string | undefined;
  readonly reason?: string | undefined;
  /** OpenFeature error code string (FLAG_NOT_FOUND, TYPE_MISMATCH, GENERAL, ...) when the side failed. */
  readonly errorCode?: string | undefined;
}

/** The shadow side could not answer at all: it threw, timed out, or was not asked (circuit open). */
export interface ShadowFailure {
  readonly failed: true;
  /**
   * `thrown` (rejected or threw), `timeout` (no answer within the bound), `circuit-open` (not asked:
   * it failed too many times in a row and is being given a rest; still counted against agreement).
   */
  readonly kind: 'thrown' | 'timeout' | 'circuit-open';
  readonly message: string;
}

/** How values are compared; every field documented with its default. */
export interface ClassifyOptions {
  /**
   * Also require equal variant names when both sides name one. Default true. Turn off when the two
   * sources name variants differently on purpose (the values still have to agree).
   */
  readonly compareVariants?: boolean;
}

/**
 * Classifies one comparison. Rules, in order:
 *
 * 1. The shadow threw or timed out, or answered with an error code other than FLAG_NOT_FOUND and
 *    TYPE_MISMATCH (not ready, parse error, general): SHADOW_ERROR.
 * 2. "Empty" means an error code other than TYPE_MISMATCH (the app got its default because the side
 *    had no definition to apply). Both FLAG_NOT_FOUND: AGREE (both lack the flag). Primary empty,
 *    shadow answers: PRIMARY_EMPTY. Shadow FLAG_NOT_FOUND and the primary answers, or is empty for
 *    another reason (not ready, no definitions: it is not known to lack the flag): SHADOW_EMPTY.
 * 3. Both answered: a TYPE_MISMATCH on exactly one side is a DIVERGE (the sources define the flag
 *    with different types); on both sides, AGREE. Otherwise values are compared with deep, key-order
 *    independent equality, and variants too (when both name one and `compareVariants`): equal is
 *    AGREE, anything else DIVERGE. Reasons are never compared (sources legitimately differ there:
 *    STATIC vs TARGETING_MATCH, CACHED vs live).
 *
 * Never throws.
 *
 * @example
 * classifyComparison({ value: { a: 1, b: [2] }, variant: 'x' }, { value: { b: [2], a: 1 }, variant: 'x' }) // 'AGREE'
 * classifyComparison({ value: true, variant: 'on' }, { value: false, errorCode: 'FLAG_NOT_FOUND' }) // 'SHADOW_EMPTY'
 */
export function classifyComparison(
  primary: ComparedAnswer,
  shadow: ComparedAnswer | ShadowFailure,
  options: ClassifyOptions = {},
): ComparisonVerdict {
  if ('failed' in shadow) return 'SHADOW_ERROR';
  const shadowCode = shadow.errorCode;
  if (shadowCode !== undefined && shadowCode !== 'FLAG_NOT_FOUND' && shadowCode !== 'TYPE_MISMATCH') return 'SHADOW_ERROR';
  const primaryEmpty = primary.errorCode !== undefined && primary.errorCode !== 'TYPE_MISMATCH';
  const shadowEmpty = shadowCode === 'FLAG_NOT_FOUND';
  if (primaryEmpty && shadowEmpty) return primary.errorCode === 'FLAG_NOT_FOUND' ? 'AGREE' : 'SHADOW_EMPTY';
  if (primaryEmpty) return 'PRIMARY_EMPTY';
  if (shadowEmpty) return 'SHADOW_EMPTY';
  const primaryMismatch = primary.errorCode === 'TYPE_MISMATCH';
  const shadowMismatch = shadowCode === 'TYPE_MISMATCH';
  if (primaryMismatch || shadowMismatch) return primaryMismatch && shadowMismatch ? 'AGREE' : 'DIVERGE';
  if (!jsonDeepEqual(primary.value, shadow.value)) return 'DIVERGE';
  if ((options.compareVariants ?? true) && primary.variant !== undefined && shadow.variant !== undefined && primary.variant !== shadow.variant) {
    return 'DIVERGE';
  }
  return 'AGREE';
}
