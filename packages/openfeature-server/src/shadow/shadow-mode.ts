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
  /**
   * The environment contradicted itself (route and shadow both asked for: route won; or a mode both
   * asked for and turned off: off won): the warning to log once, naming the variables.
   */
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
 *    `<prefix>_ROUTE=1` and `<prefix>_SHADOW=1`. An explicit `SHADOW_MODE=primary` or a switch
 *    turned off (`ROUTE=0`, `SHADOW=0`) decides at this layer: it beats the option, and it beats a
 *    contradicting ask in the environment (`SHADOW_MODE=primary` with `ROUTE=1`, `SHADOW_MODE=route`
 *    with `ROUTE=0`: no route; likewise for shadow). When this layer still asks for both route and
 *    shadow (either way of saying it), route wins. Either contradiction sets `conflict`.
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
  // Who asks for a mode, and who turns it off, in this layer.
  const routeAsked = [...(mode === 'route' ? [`${modeName}=route`] : []), ...(route === true ? [`${routeName}=${env[routeName]}`] : [])];
  const shadowAsked = [...(mode === 'shadow' ? [`${modeName}=shadow`] : []), ...(shadow === true ? [`${shadowName}=${env[shadowName]}`] : [])];
  const primaryAsked = mode === 'primary' ? [`${modeName}=primary`] : [];
  const routeOff = [...primaryAsked, ...(route === false ? [`${routeName}=${env[routeName]}`] : [])];
  const shadowOff = [...primaryAsked, ...(shadow === false ? [`${shadowName}=${env[shadowName]}`] : [])];
  const conflicts: string[] = [];
  // An explicit primary or a switch turned off decides at this layer: a leftover ask loses to it.
  const routeOn = routeAsked.length > 0 && routeOff.length === 0;
  const shadowOn = shadowAsked.length > 0 && shadowOff.length === 0;
  if (routeAsked.length > 0 && !routeOn) conflicts.push(`route is asked for (${routeAsked.join(', ')}) and turned off (${routeOff.join(', ')}) in the environment: off wins (no route)`);
  if (shadowAsked.length > 0 && !shadowOn) conflicts.push(`shadow is asked for (${shadowAsked.join(', ')}) and turned off (${shadowOff.join(', ')}) in the environment: off wins (no shadow)`);
  if (routeOn && shadowOn) conflicts.push(`both route (${routeAsked.join(', ')}) and shadow (${shadowAsked.join(', ')}) are asked for in the environment: route wins (the candidate answers)`);
  const conflict = conflicts.length === 0 ? undefined : conflicts.join('; ');
  if (routeOn) return { mode: 'route', conflict };
  if (shadowOn) return { mode: 'shadow', conflict };
  // An explicit "primary" or a switch turned off still decides at this layer (it beats the option).
  if (mode === 'primary' || route === false || shadow === false) return { mode: 'primary', conflict };
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
