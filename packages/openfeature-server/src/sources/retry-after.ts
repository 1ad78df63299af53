/**
 * Parses an HTTP `Retry-After` header (RFC 9110 section 10.2.3): either delay-seconds or an
 * HTTP-date. Returns milliseconds from `now`, or `undefined` when absent or unparsable.
 * @example parseRetryAfter('120', 0) // 120000
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
