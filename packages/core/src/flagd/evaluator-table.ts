// `$evaluators`: shared rules compiled once, resolved by `$ref` at compile time (never at
// evaluation), with missing names and cycles reported.
import { childPath } from '../json/json-path.js';
import { isPlainObject } from '../json/describe-value.js';
import type { CompileContext } from '../logic/compile-context.js';
import { compileExpression } from '../logic/compile-expression.js';
import type { CompiledNode, Position } from '../logic/expression.js';
import type { IssueSink } from './issue-sink.js';
import type { ResolvedCompileFlagdOptions } from './compile-options.js';

interface Entry {
  state: 'pending' | 'compiling' | 'done';
  node: CompiledNode | undefined;
  failed: boolean;
  /** Every evaluator this one uses, transitively (for flag source hashes). */
  readonly refs: Set<string>;
  /** Literals it can return as the result, its own `$ref`s' included (checked by each flag using it). */
  readonly results: EvaluatorResult[];
}

/** A literal an evaluator returns in result position: a variant name for the flag that uses it. */
export interface EvaluatorResult {
  /** The literal as a variant name (`true` → "true"). */
  readonly name: string;
  /** Where it is written, inside `$.$evaluators`. */
  readonly path: string;
}

/** The compile-time view of a requester: who asks, and where its `$ref`s are recorded. */
export interface RefRequester {
  fail(path: string, message: string): void;
  readonly refs: Set<string>;
  /** The literal results of evaluator `name`, used at `path` in result position. */
  refResults(name: string, path: string, results: readonly EvaluatorResult[]): void;
}

export const EVALUATORS_PATH = '$.$evaluators';

export class EvaluatorTable {
  private readonly entries = new Map<string, Entry>();
  private readonly stack: string[] = [];

  constructor(
    private readonly raw: Readonly<Record<string, unknown>>,
    private readonly sink: IssueSink,
    private readonly options: ResolvedCompileFlagdOptions,
  ) {
    for (const name of Object.keys(raw)) {
      this.entries.set(name, { state: 'pending', node: undefined, failed: false, refs: new Set(), results: [] });
    }
  }

  /** Compile every entry (so unused broken evaluators are reported too). */
  compileAll(): void {
    for (const name of this.entries.keys()) this.compile(name);
  }

  /** The source JSON of an evaluator (for hashing). */
  source(name: string): unknown {
    return this.raw[name];
  }

  resolve(name: string, path: string, requester: RefRequester, position: Position): CompiledNode | undefined {
    const entry = this.entries.get(name);
    if (entry === undefined) {
      requester.fail(path, `$ref ${JSON.stringify(name)} is not defined in $evaluators`);
      return undefined;
    }
    if (entry.state === 'compiling') {
      const cycle = [...this.stack.slice(this.stack.indexOf(name)), name].join(' → ');
      requester.fail(path, `$ref cycle: ${cycle}`);
      return undefined;
    }
    this.compile(name);
    requester.refs.add(name);
    for (const r of entry.refs) requester.refs.add(r);
    if (position === 'result' && entry.results.length > 0) requester.refResults(name, path, entry.results);
    if (entry.failed || entry.node === undefined) {
      requester.fail(path, `$ref ${JSON.stringify(name)} cannot be used: ${childPath(EVALUATORS_PATH, name)} has errors`);
      return undefined;
    }
    return entry.node;
  }

  private compile(name: string): void {
    const entry = this.entries.get(name);
    if (entry === undefined || entry.state !== 'pending') return;
    entry.state = 'compiling';
    this.stack.push(name);
    const path = childPath(EVALUATORS_PATH, name);
    const { sink, options } = this;
    const ctx: CompileContext & RefRequester = {
      flagKey: undefined,
      variants: undefined,
      refs: entry.refs,
      fail(at, message) {
        entry.failed = true;
        if (options.strict) sink.error(at, message);
        else sink.warning(at, message);
      },
      lint(at, message) {
        if (options.strict) sink.error(at, message);
        else sink.warning(at, message);
      },
      resolveRef: (ref, at, position) => this.resolve(ref, at, ctx, position),
      collectResult(name, at) {
        entry.results.push({ name, path: at });
      },
      refResults(_ref, _at, results) {
        entry.results.push(...results);
      },
    };
    const raw = this.raw[name];
    if (!isPlainObject(raw) && !Array.isArray(raw)) {
      // A literal is valid JSONLogic, but an evaluator is meant to be a rule.
      ctx.fail(path, 'an evaluator must be a JSONLogic rule (an object)');
    } else {
      // Compiled as a result (what an evaluator returns may name a variant): position changes no
      // semantics, it only lets literal results be collected for the flags that use the entry.
      const node = compileExpression(ctx, raw, path, 'result');
      if (node.cost > options.maxRuleCost) {
        ctx.fail(path, `rule is too large: one evaluation could run ${formatCost(node.cost)} operations (limit ${options.maxRuleCost}); check for $ref chains that repeat work`);
      }
      entry.node = node;
    }
    this.stack.pop();
    entry.state = 'done';
  }
}

export function formatCost(cost: number): string {
  return Number.isFinite(cost) && cost < 1e15 ? String(cost) : 'more than 10^15';
}
