// Semantic versions as flagd's `sem_ver` reads them (SemVer 2.0.0, leniently prefixed).

export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release identifiers (numbers for numeric ones); empty for a release. */
  readonly prerelease: readonly (string | number)[];
}

const FULL = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const PARTIAL = /^(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?$/;

/**
 * Parse a version like flagd-core does: numbers are read as their decimal text; a leading `v` or
 * `V` is dropped; `1` and `1.2` mean `1.0.0` and `1.2.0`; build metadata is ignored; anything else
 * (`2.0.0.0`, `not-a-version`) is null. The patterns are anchored and linear: no backtracking blow-up.
 */
export function parseSemVer(raw: unknown): SemVer | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  let text = String(raw).trim();
  if (text.length > 256) return null;
  if (text.startsWith('v') || text.startsWith('V')) text = text.slice(1);
  const full = FULL.exec(text);
  if (full !== null) {
    const major = Number(full[1]), minor = Number(full[2]), patch = Number(full[3]);
    if (!Number.isSafeInteger(major) || !Number.isSafeInteger(minor) || !Number.isSafeInteger(patch)) return null;
    const prerelease = full[4] === undefined ? [] : full[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id));
    return { major, minor, patch, prerelease };
  }
  const partial = PARTIAL.exec(text);
  if (partial !== null) {
    const major = Number(partial[1]), minor = partial[2] === undefined ? 0 : Number(partial[2]);
    if (!Number.isSafeInteger(major) || !Number.isSafeInteger(minor)) return null;
    return { major, minor, patch: 0, prerelease: [] };
  }
  return null;
}

/** SemVer 2.0.0 precedence: -1, 0 or 1. A pre-release sorts before its release. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  const pa = a.prerelease, pb = b.prerelease;
  if (pa.length === 0 || pb.length === 0) return pa.length === pb.length ? 0 : pa.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i], y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
