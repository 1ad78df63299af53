/**
 * PostHog's relative date filters (`-7d`, `3h`, `2w`, `1m`, `1y`: optional minus, under 10,000
 * units) as an instant `now - amount`, in epoch ms; `undefined` when `text` is not one.
 * Months are subtracted one at a time with the day clamped to the month's length
 * (March 31 - 1m = February 28/29; a clamp sticks: - 2m = January 28), years clamp
 * February 29 to the 28th, as PostHog's SDK specification states.
 * Example: relativeDate('-1d', Date.UTC(2024, 2, 1)) === Date.UTC(2024, 1, 29).
 */
export function relativeDate(text: string, now: number): number | undefined {
  const match = /^-?([0-9]+)([a-z])$/.exec(text);
  if (!match) return undefined;
  const amount = parseInt(match[1]!, 10);
  if (amount >= 10000) return undefined;
  const d = new Date(now);
  switch (match[2]) {
    case 'h':
      d.setUTCHours(d.getUTCHours() - amount);
      return d.getTime();
    case 'd':
      d.setUTCDate(d.getUTCDate() - amount);
      return d.getTime();
    case 'w':
      d.setUTCDate(d.getUTCDate() - amount * 7);
      return d.getTime();
    case 'm': {
      const year = d.getUTCFullYear();
      const month = d.getUTCMonth();
      let day = d.getUTCDate();
      for (let step = 1; step <= amount && day > 28; step++) {
        day = Math.min(day, new Date(Date.UTC(year, month - step + 1, 0)).getUTCDate());
      }
      d.setUTCFullYear(year, month - amount, day);
      return d.getTime();
    }
    case 'y': {
      const month = d.getUTCMonth();
      const day = amount > 0 && month === 1 && d.getUTCDate() === 29 ? 28 : d.getUTCDate();
      d.setUTCFullYear(d.getUTCFullYear() - amount, month, day);
      return d.getTime();
    }
    default:
      return undefined;
  }
}
