// Which source answers and whether the other is compared: the three switches and their precedence.
import type { Env } from '../config-dirs.js';
import { killSwitchOn } from '../provider/kill-switch.js';

/**
 * `primary`: the primary source answers, nothing is compared (the default).
 * `shadow`: the primary answers every evaluation; the candidate is asked off the hot path and compared.
 * `route`: the candidate answers; the primary is asked in reverse (when `reverseShadow` is on), so a
 * rollback is known to be safe before it is needed.
 */
export const SHADOW_MODES = ['primary', 'shadow', 'route'] as const;
export type ShadowMode = (typeof SHADOW_MODES)[number];

/** Where the mode in force came from, highest precedence first. */
export type ModeOrigin = 'kill-switch' | 'setter' | 'environment' | 'configuration' | 'default';

export interface ModeInputs {
  readonly env: Env;
  /** Prefix of the variables: `<prefix>_DISABLED`, `<prefix>_SHADOW_MODE`, `<prefix>_ROUTE`, `<prefix>_SHADOW`. */
  readonly prefix: string;
  /** The `mode` option. */
  readonly configured: ShadowMode | undefined;
  /** The value given to `setMode` (undefined after `setMode(undefined)`). */
  readonly override: ShadowMode | undefined;
}

export interface ResolvedMode {
  /** Master switch: every evaluation serves the code's default with reason DISABLED; nothing is compared. */
  readonly disabled: boolean;
  readonly mode: ShadowMode;
  readonly origin: ModeOrigin;
  /** A layer asked for both route and shadow (route won): the warning to log once. */
  readonly conflict: string | undefined;
  /** Values that could not be read (ignored, with the reason). */
  readonly problems: readonly string[];
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off', '']);

/**
 * Resolves the mode. Precedence, highest first:
 *
 * 1. `<prefix>_DISABLED` (the provider's master kill switch): disabled, above everything.
 * 2. `setMode(mode)` at run time (until `setMode(undefined)`).
 * 3. The environment: `<prefix>_SHADOW_MODE=primary|shadow|route`, or the two switches
 *    `<prefix>_ROUTE=1` and `<prefix>_SHADOW=1`. When this layer asks for both route and shadow
 *    (either way of saying it), route wins and `conflict` carries the warning.
 * 4. The `mode` option.
 * 5. `primary`.
 *
 * Pure: reads only its inputs; never throws.
 */
export function resolveShadowMode(inputs: ModeInputs): ResolvedMode {
  const { env, prefix } = inputs;
  const problems: string[] = [];
  const disabled = killSwitchOn(env, prefix);
  const fromEnv = readEnvironment(env, prefix, problems);
  if (disabled) return { disabled, mode: 'primary', origin: 'kill-switch', conflict: undefined, problems };
  if (inputs.override !== undefined) return { disabled, mode: inputs.override, origin: 'setter', conflict: undefined, problems };
  if (fromEnv !== undefined) return { disabled, mode: fromEnv.mode, origin: 'environment', conflict: fromEnv.conflict, problems };
  if (inputs.configured !== undefined) return { disabled, mode: inputs.configured, origin: 'configuration', conflict: undefined, problems };
  return { disabled, mode: 'primary', origin: 'default', conflict: undefined, problems };
}

function readEnvironment(env: Env, prefix: string, problems: string[]): { mode: ShadowMode; conflict: string | undefined } | undefined {
  const modeName = `${prefix}_SHADOW_MODE`;
  const routeName = `${prefix}_ROUTE`;
  const shadowName = `${prefix}_SHADOW`;
  const modeText = env[modeName]?.trim().toLowerCase();
  let mode: ShadowMode | undefined;
  if (modeText !== undefined && modeText !== '') {
    if ((SHADOW_MODES as readonly string[]).includes(modeText)) mode = modeText as ShadowMode;
    else problems.push(`${modeName}=${JSON.stringify(env[modeName])} is not one of ${SHADOW_MODES.join(', ')}; ignored`);
  }
  const route = readSwitch(env, routeName, problems);
  const shadow = readSwitch(env, shadowName, problems);
  const asked: string[] = [];
  if (mode === 'route') asked.push(`${modeName}=route`);
  if (route === true) asked.push(`${routeName}=${env[routeName]}`);
  const askedShadow: string[] = [];
  if (mode === 'shadow') askedShadow.push(`${modeName}=shadow`);
  if (shadow === true) askedShadow.push(`${shadowName}=${env[shadowName]}`);
  if (asked.length > 0) {
    const conflict =
      askedShadow.length > 0
        ? `both route (${asked.join(', ')}) and shadow (${askedShadow.join(', ')}) are asked for in the environment: route wins (the candidate answers)`
        : undefined;
    return { mode: 'route', conflict };
  }
  if (askedShadow.length > 0) return { mode: 'shadow', conflict: undefined };
  // An explicit "primary" or a switch turned off still decides at this layer (it beats the option).
  if (mode === 'primary' || route === false || shadow === false) return { mode: 'primary', conflict: undefined };
  return undefined;
}

function readSwitch(env: Env, name: string, problems: string[]): boolean | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const text = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return text === '' ? undefined : false;
  problems.push(`${name}=${JSON.stringify(raw)} is not 1/true/yes/on or 0/false/no/off; ignored`);
  return undefined;
}
