// PostHog's semver filters (strict policy): `[v]MAJOR[.MINOR[.PATCH]]`, pre-release and build
// suffixes ignored, missing parts 0, leading zeros rejected. A version is [major, minor, patch].
export type Version = readonly [number, number, number];

function part(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return 0;
  if (!/^\d+$/.test(text) || (text.length > 1 && text[0] === '0')) return undefined;
  return parseInt(text, 10);
}

/**
 * The common shape `[v]D[.D[.D]][-…|+…]` (D: ASCII digits, no leading zero; at most three parts),
 * read in one scan without regexes, splits or intermediate strings; `null` for anything else
 * (whitespace, a fourth part, an empty or zero-led part, other characters), which `parseVersion`
 * then reads the general way. Semver filters parse the context's version on every evaluation.
 */
function parseSimpleVersion(text: string): Version | undefined | null {
  const n = text.length;
  let i = 0;
  const first = n > 0 ? text.charCodeAt(0) : 0;
  if (first === 118 || first === 86) i = 1; // v, V
  const parts = [0, 0, 0];
  let part = 0;
  let start = i;
  for (; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 45; // the end reads as a suffix start
    if (c >= 48 && c <= 57) continue;
    const digits = i - start;
    // An empty or zero-led part, or a long one (parseInt's rounding): the general path decides.
    if (digits === 0 || digits > 15 || (digits > 1 && text.charCodeAt(start) === 48)) return null;
    let value = 0;
    for (let j = start; j < i; j++) value = value * 10 + (text.charCodeAt(j) - 48);
    parts[part] = value;
    if (c === 45 || c === 43) return [parts[0]!, parts[1]!, parts[2]!]; // '-' or '+': suffix ignored
    if (c !== 46 || part === 2) return null; // not a '.', or a fourth part
    part++;
    start = i + 1;
  }
  return null;
}

/** Parses a version, or `undefined` when it is not one. Example: parseVersion('v1.2') -> [1, 2, 0]. */
export function parseVersion(value: string): Version | undefined {
  const simple = parseSimpleVersion(value);
  if (simple !== null) return simple;
  const text = value.trim().replace(/^[vV]/, '');
  const base = text.split('-')[0]!.split('+')[0]!;
  if (!base || base.startsWith('.')) return undefined;
  const parts = base.split('.');
  const major = part(parts[0]);
  const minor = part(parts[1]);
  const patch = part(parts[2]);
  if (major === undefined || minor === undefined || patch === undefined) return undefined;
  return [major, minor, patch];
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
}

/** [lower, upper) bounds of `~`, `^` and wildcard filters, or `undefined` for a bad filter. */
export function versionBounds(operator: 'semver_tilde' | 'semver_caret' | 'semver_wildcard', value: string):
  | { lower: Version; upper: Version }
  | undefined {
  if (operator === 'semver_wildcard') {
    const cleaned = value.trim().replace(/^[vV]/, '').replace(/\.\*$/, '').replace(/\*$/, '');
    if (!cleaned) return undefined;
    const parts = cleaned.split('.');
    const strictPart = (t: string): number | undefined =>
      /^\d+$/.test(t) && !(t.length > 1 && t[0] === '0') ? parseInt(t, 10) : undefined;
    const major = strictPart(parts[0]!);
    if (major === undefined) return undefined;
    if (parts.length === 1) return { lower: [major, 0, 0], upper: [major + 1, 0, 0] };
    const minor = strictPart(parts[1]!);
    if (minor === undefined) return undefined;
    return { lower: [major, minor, 0], upper: [major, minor + 1, 0] };
  }
  const v = parseVersion(value);
  if (!v) return undefined;
  if (operator === 'semver_tilde') return { lower: v, upper: [v[0], v[1] + 1, 0] };
  const upper: Version = v[0] > 0 ? [v[0] + 1, 0, 0] : v[1] > 0 ? [0, v[1] + 1, 0] : [0, 0, v[2] + 1];
  return { lower: v, upper };
}
