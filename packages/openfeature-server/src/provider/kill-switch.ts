import type { Env } from '../config-dirs.js';

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);

/** True when `<PREFIX>_DISABLED` is set to 1/true/yes/on (any case): every flag serves the code's default. */
export function killSwitchOn(env: Env, prefix: string): boolean {
  const value = env[`${prefix}_DISABLED`];
  return value !== undefined && TRUE_WORDS.has(value.trim().toLowerCase());
}
