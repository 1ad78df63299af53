// `var`: read an attribute by dotted path, with a default; `$flagd.*` reads the evaluation's facts.
//
// Paths are split once at compile time. `$flagd.flagKey` and `$flagd.timestamp` are answered from
// the RuleEnv instead of building an enriched copy of the context per evaluation (what flagd-core
// does), which keeps evaluation free of allocations.
import type { RuleEnv } from '../types.js';
import type { OperatorSite } from './compile-context.js';
import { constantNode, operationNode, type CompiledNode, type Expr } from './expression.js';

// Names every object inherits; reading them needs an own-property check so `var: "constructor"`
// never returns a function from the prototype.
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));
const hasOwn = Object.prototype.hasOwnProperty;

export function compileVar(site: OperatorSite): CompiledNode {
  const pathNode = site.arg(0);
  const fallbackNode = site.args.length > 1 ? site.arg(1) : constantNode(null);
  const fallbackConstant = fallbackNode.constant;
  const fallbackValue = fallbackNode.value;
  const fallbackRun = fallbackNode.run;
  const cost = 1 + fallbackNode.cost + pathNode.cost;

  if (!pathNode.constant) {
    // A computed path: split per evaluation (rare in practice).
    const pathRun = pathNode.run;
    const run: Expr = (data, env, trace) => {
      const p = pathRun(data, env, trace);
      const segments = p === null || p === undefined || p === '' ? [] : String(p).split('.');
      const v = segments[0] === '$flagd' ? readFlagd(segments, env) : readPath(data, segments);
      return v === undefined ? (fallbackConstant ? fallbackValue : fallbackRun(data, env, trace)) : v;
    };
    return operationNode(run, cost, () => `var(${pathNode.label})`, true);
  }

  const raw = pathNode.value;
  if (raw !== null && typeof raw !== 'string' && typeof raw !== 'number') {
    site.ctx.fail(site.path, `var takes an attribute path (a string), got ${JSON.stringify(raw)}`);
    return constantNode(null);
  }
  const text = raw === null ? '' : String(raw);
  const segments = text === '' ? [] : text.split('.');
  const label = text === '' ? '(whole context)' : text;
  let run: Expr;

  if (segments[0] === '$flagd') {
    const field = segments[1];
    if (segments.length > 2 || (field !== undefined && field !== 'flagKey' && field !== 'timestamp')) {
      site.ctx.lint(site.path, `unknown $flagd property ${JSON.stringify(text)}: only $flagd.flagKey and $flagd.timestamp exist`);
    }
    run = (data, env, trace) => {
      const v = readFlagd(segments, env);
      return v === undefined ? (fallbackConstant ? fallbackValue : fallbackRun(data, env, trace)) : v;
    };
  } else if (segments.length === 0) {
    run = (data) => data;
  } else if (segments.length === 1 && !INHERITED.has(segments[0] as string)) {
    const s0 = segments[0] as string;
    run = fallbackConstant
      ? (data) => {
          if (data === null || typeof data !== 'object') return fallbackValue;
          const v = (data as Record<string, unknown>)[s0];
          return v === undefined ? fallbackValue : v;
        }
      : (data, env, trace) => {
          const v = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[s0] : undefined;
          return v === undefined ? fallbackRun(data, env, trace) : v;
        };
  } else if (segments.length === 2 && !INHERITED.has(segments[0] as string) && !INHERITED.has(segments[1] as string)) {
    const s0 = segments[0] as string;
    const s1 = segments[1] as string;
    run = (data, env, trace) => {
      let v: unknown = undefined;
      if (data !== null && typeof data === 'object') {
        const mid = (data as Record<string, unknown>)[s0];
        if (mid !== null && typeof mid === 'object') v = (mid as Record<string, unknown>)[s1];
      }
      return v === undefined ? (fallbackConstant ? fallbackValue : fallbackRun(data, env, trace)) : v;
    };
  } else {
    run = (data, env, trace) => {
      const v = readPath(data, segments);
      return v === undefined ? (fallbackConstant ? fallbackValue : fallbackRun(data, env, trace)) : v;
    };
  }
  return { run, cost, label, constant: false, value: undefined, isVar: true };
}

function readPath(data: unknown, segments: readonly string[]): unknown {
  let current = data;
  for (let i = 0; i < segments.length; i++) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = segments[i] as string;
    if (INHERITED.has(key) && !hasOwn.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
    if (current === undefined) return undefined;
  }
  return current;
}

function readFlagd(segments: readonly string[], env: RuleEnv): unknown {
  if (segments.length === 1) return { flagKey: env.flagKey, timestamp: Math.floor(env.now / 1000) };
  if (segments.length > 2) return undefined;
  if (segments[1] === 'flagKey') return env.flagKey;
  if (segments[1] === 'timestamp') return Math.floor(env.now / 1000);
  return undefined;
}
