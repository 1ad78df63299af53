/** Numbers in reports: 4 significant decimals below 1, 2 below 100, whole numbers above. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (Number.isInteger(v)) return String(v);
  if (a < 1e-4) return v.toExponential(2);
  if (a < 1) return v.toFixed(4);
  if (a < 100) return v.toFixed(2);
  return v.toFixed(0);
}

export function formatInterval(i: readonly [number, number] | null | undefined): string {
  return i ? `[${formatNumber(i[0])}, ${formatNumber(i[1])}]` : '';
}

export function formatSamples(s: Readonly<Record<string, number>> | undefined): string {
  return s ? Object.entries(s).map(([k, v]) => `${v} ${k}`).join(', ') : '';
}
