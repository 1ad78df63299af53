// The per-evaluation facts rules read (`$flagd.flagKey`, `$flagd.timestamp`), without allocating.
//
// Envs are pooled by nesting depth: evaluation is synchronous, and the only nesting is a flag's
// targeting evaluating its prerequisites, so one env per depth is enough and none is shared
// between two evaluations in flight. The clock is read lazily: only rules that use
// `$flagd.timestamp` pay for `Date.now()`.
import type { RuleEnv } from './types.js';

class PooledEnv implements RuleEnv {
  flagKey = '';
  fixedNow: number | undefined = undefined;
  private readNow = NaN;

  get now(): number {
    if (this.fixedNow !== undefined) return this.fixedNow;
    if (Number.isNaN(this.readNow)) this.readNow = Date.now();
    return this.readNow;
  }

  reset(flagKey: string, fixedNow: number | undefined): void {
    this.flagKey = flagKey;
    this.fixedNow = fixedNow;
    this.readNow = NaN;
  }
}

const pool: PooledEnv[] = [];
let depth = 0;

/** Take the env for one evaluation; pair every call with `releaseEnv()` (in a finally). */
export function acquireEnv(flagKey: string, fixedNow: number | undefined): RuleEnv {
  let env = pool[depth];
  if (env === undefined) {
    env = new PooledEnv();
    pool[depth] = env;
  }
  depth++;
  env.reset(flagKey, fixedNow);
  return env;
}

export function releaseEnv(): void {
  depth--;
}
