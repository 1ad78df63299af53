// Which context attribute best separates divergent comparisons from agreeing ones.
import { wilsonInterval } from '../stats/wilson-interval.js';

/** Per attribute, per value (JSON text): comparisons and how many of them were divergent. */
export type AttributeTallies = ReadonlyMap<string, ReadonlyMap<string, { n: number; divergent: number }>>;

export interface AttributeScore {
  readonly attribute: string;
  /** Information gain of the divergent/agreeing split on this attribute's values, in bits. */
  readonly gainBits: number;
  /** The value whose divergence rate is furthest above the rate of all other values. */
  readonly value: string;
  readonly valueN: number;
  readonly valueRate: number;
  readonly valueInterval: readonly [number, number];
  /** All comparisons carrying the attribute with a different value (or none). */
  readonly restN: number;
  readonly restRate: number;
  readonly restInterval: readonly [number, number];
}

export interface SeparatingAttribute {
  /** The best attribute when it stands out (see `separatingAttribute`), else null. */
  readonly standsOut: AttributeScore | null;
  /** Every attribute scored, best first (for the report, even when none stands out). */
  readonly ranking: readonly AttributeScore[];
  /** Why the best did or did not stand out, one sentence. */
  readonly note: string;
}

export interface SeparatingOptions {
  /** Values with fewer comparisons are pooled into "(other)" before scoring. Default 30. */
  readonly minSupport?: number;
  /** The best attribute's gain must be at least this multiple of the runner-up's. Default 1.5. */
  readonly dominance?: number;
  /** Level of the Wilson intervals that must not overlap. Default 0.95. */
  readonly level?: number;
}

const OTHER = '(other)';

/**
 * Scores each attribute by the information gain of the divergent indicator D on its values V:
 *
 *   IG(D; V) = H(D) - sum_v p(v) H(D | V = v),   H(q) = -q log2 q - (1 - q) log2(1 - q)
 *
 * over the comparisons where the attribute is present (comparisons without it are one more value,
 * "(absent)"); values seen fewer than `minSupport` times are pooled into "(other)" first, so a key-like
 * attribute (one value per unit) cannot win by memorising units. For the best attribute, its most
 * divergent value is compared with all its other values. It *stands out* when both hold:
 *
 * 1. its gain is at least `dominance` times the runner-up's (one attribute, not a tie between
 *    correlated ones such as region and country, which the ranking then shows side by side);
 * 2. the Wilson intervals (level `level`) of the divergence rate in that value and in the rest do
 *    not overlap (the difference is not noise).
 *
 * Reference: Quinlan (1986), "Induction of decision trees", Machine Learning 1(1) (information gain).
 * Never throws; no attributes or no divergence gives `standsOut: null` with a note.
 *
 * @example
 * // region: eu 30/100 divergent, us 0/900; plan: free 15/500, pro 15/500
 * separatingAttribute(tallies).standsOut?.attribute // 'region'
 */
export function separatingAttribute(tallies: AttributeTallies, options: SeparatingOptions = {}): SeparatingAttribute {
  const minSupport = options.minSupport ?? 30;
  const dominance = options.dominance ?? 1.5;
  const level = options.level ?? 0.95;
  const ranking: AttributeScore[] = [];
  for (const [attribute, values] of tallies) {
    const pooled = new Map<string, { n: number; divergent: number }>();
    let n = 0;
    let divergent = 0;
    for (const [value, t] of values) {
      n += t.n;
      divergent += t.divergent;
      const key = t.n >= minSupport ? value : OTHER;
      const slot = pooled.get(key) ?? { n: 0, divergent: 0 };
      slot.n += t.n;
      slot.divergent += t.divergent;
      pooled.set(key, slot);
    }
    if (n === 0 || pooled.size < 2) continue;
    let conditional = 0;
    let best: { value: string; n: number; divergent: number; lift: number } | undefined;
    for (const [value, t] of pooled) {
      conditional += (t.n / n) * entropy(t.divergent / t.n);
      const restN = n - t.n;
      if (value === OTHER || restN === 0) continue;
      const lift = t.divergent / t.n - (divergent - t.divergent) / restN;
      if (best === undefined || lift > best.lift) best = { value, n: t.n, divergent: t.divergent, lift };
    }
    if (best === undefined) continue;
    const restN = n - best.n;
    const restDivergent = divergent - best.divergent;
    ranking.push({
      attribute,
      gainBits: Math.max(0, entropy(divergent / n) - conditional),
      value: best.value,
      valueN: best.n,
      valueRate: best.divergent / best.n,
      valueInterval: wilsonInterval(best.divergent, best.n, level),
      restN,
      restRate: restDivergent / restN,
      restInterval: wilsonInterval(restDivergent, restN, level),
    });
  }
  ranking.sort((a, b) => b.gainBits - a.gainBits || a.attribute.localeCompare(b.attribute));
  const top = ranking[0];
  if (top === undefined || top.gainBits === 0) {
    return { standsOut: null, ranking, note: top === undefined ? 'no attribute has two values with enough comparisons' : 'no attribute carries information about divergence' };
  }
  const second = ranking[1];
  if (second !== undefined && top.gainBits < dominance * second.gainBits) {
    return { standsOut: null, ranking, note: `no single attribute stands out: ${top.attribute} (${formatBits(top.gainBits)}) and ${second.attribute} (${formatBits(second.gainBits)}) separate about equally` };
  }
  if (top.valueInterval[0] <= top.restInterval[1]) {
    return { standsOut: null, ranking, note: `${top.attribute}=${top.value} diverges more often, but its interval overlaps the rest's (could be noise)` };
  }
  return { standsOut: top, ranking, note: `${top.attribute} stands out` };
}

function entropy(q: number): number {
  if (q <= 0 || q >= 1) return 0;
  return -q * Math.log2(q) - (1 - q) * Math.log2(1 - q);
}

function formatBits(bits: number): string {
  return `${bits.toPrecision(3)} bits`;
}
