/** Backoff settings for failed loads. */
export interface BackoffOptions {
  /** First retry delay in ms. Default 1000. */
  initialMs?: number;
  /** Ceiling of the delay in ms. Default 300000 (5 minutes). */
  maxMs?: number;
  /** Random source in [0, 1). Default `Math.random` (tests pass a fixed one). */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1 = first retry): exponential growth with "equal jitter",
 * `d = min(max, initial * 2^(attempt-1))`, waiting `d/2 + U(0, d/2)`. Half the delay is kept so
 * retries never collapse to zero; the random half spreads a fleet's retries apart after an outage
 * (Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
 * A server's Retry-After wins when present (capped at `max`).
 * @example backoffDelay(3, undefined, { initialMs: 1000, random: () => 0 }) // 2000
 */
export function backoffDelay(attempt: number, retryAfterMs: number | undefined, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 1000;
  const max = options.maxMs ?? 300_000;
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 0), max);
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(max, initial * 2 ** exponent);
  const random = options.random ?? Math.random;
  return ceiling / 2 + random() * (ceiling / 2);
}
