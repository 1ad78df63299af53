// `--window 7d` -> seconds.
import { UsageError } from '../errors/usage-error.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Parses a duration like 90s, 30m, 12h, 7d, 2w (a number with one unit) into seconds. */
export function parseWindow(text: string, command: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/.exec(text);
  if (!match) throw new UsageError(`--window: expected a duration such as 30m, 12h, 7d or 2w, got "${text}"`, command);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2]!]!;
  if (!(seconds > 0)) throw new UsageError(`--window must be longer than 0, got "${text}"`, command);
  return seconds;
}

/** 604800 -> "7d", for display. */
export function formatWindow(seconds: number): string {
  if (seconds === 0) return 'none';
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
