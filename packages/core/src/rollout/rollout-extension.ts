// The rollout extension of the flagd format: `rollout` blocks (staged rollouts with a kill switch)
// and `requires` (sub-feature flags). Opt-in so a browser bundle that only reads plain flagd does
// not carry it (about 4.6 kB gzipped, see scripts/bench/web-size.mjs).
import type { FlagdExtension } from '../flagd/compile-options.js';
import { compileRollout } from './compile-rollout.js';
import { linkPrerequisites } from './link-prerequisites.js';

/**
 * Accept `rollout` and `requires` on flagd flags. Node-side code should call
 * `compileFlagdWithRollout`, which passes it; browser code passes it where rollouts are used.
 *
 * @example
 * const compiled = compileFlagd(JSON.parse(text), { extensions: [rolloutExtension] });
 */
export const rolloutExtension: FlagdExtension = { name: 'rollout', compileRollout, linkPrerequisites };
