// Remembers which compiled targeting closures came from a `rollout` block, and with what spec.
//
// CompiledFlag has no rollout field (the shared types stay dialect-neutral); the prerequisite
// linker and the preview still need a rollout flag's `off` variant, so the compiler registers each
// closure here. A WeakMap keeps it pure and lets closures be collected with their documents.
import type { CompiledTargeting } from '../types.js';
import type { RolloutSpec } from './rollout-spec.js';

export interface RolloutInfo {
  readonly spec: RolloutSpec;
  /** JSON path of the `rollout` block. */
  readonly path: string;
}

const registry = new WeakMap<CompiledTargeting, RolloutInfo>();

export function registerRollout(targeting: CompiledTargeting, info: RolloutInfo): void {
  registry.set(targeting, info);
}

/** The rollout behind a compiled targeting closure, or `undefined` for any other targeting. */
export function rolloutOf(targeting: CompiledTargeting | undefined): RolloutInfo | undefined {
  return targeting === undefined ? undefined : registry.get(targeting);
}
