// The compiled form of a JSONLogic expression: a closure tree built once, walked per evaluation.
import type { RuleEnv, TraceStep } from '../types.js';

/**
 * One compiled expression. `data` is the current scope: the evaluation context at the top, the
 * array element inside `map`/`filter`/`all`/`some`/`none`, `{current, accumulator}` in `reduce`.
 * `trace` is undefined on the fast path; operators push readable steps only when it is given.
 * It may throw `RuleError` (caught once, at the top of the targeting).
 */
export type Expr = (data: unknown, env: RuleEnv, trace: TraceStep[] | undefined) => unknown;

/** Where a node sits: `result` nodes produce the variant name; `value` nodes feed operators. */
export type Position = 'result' | 'value';

export interface CompiledNode {
  readonly run: Expr;
  /**
   * Operations one evaluation runs at most, with every `$ref` expanded (array iteration counts
   * once). Bounds a rule's work at compile time: a `$ref` chain that doubles at every level is
   * rejected instead of hanging evaluation.
   */
  readonly cost: number;
  /** How a trace names this operand: the attribute path for `var`, the JSON for a literal. */
  readonly label: string;
  /** True when the node is a literal (its value is `value`). */
  readonly constant: boolean;
  readonly value: unknown;
  /** True for `var` nodes, so traces print `email = "a@b.com"`. */
  readonly isVar: boolean;
}

/** A failure while evaluating a rule (e.g. arithmetic on an object): the flag resolves to ERROR/GENERAL. */
export class RuleError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'RuleError';
  }
}

export function constantNode(value: unknown): CompiledNode {
  const run: Expr = () => value;
  return node(run, 1, () => labelOf(value), true, value, false);
}

/** A label, or a function computing it on first use (labels only matter for traces). */
export type Label = string | (() => string);

export function operationNode(run: Expr, cost: number, label: Label, isVar = false): CompiledNode {
  return node(run, cost, label, false, undefined, isVar);
}

function node(run: Expr, cost: number, label: Label, constant: boolean, value: unknown, isVar: boolean): CompiledNode {
  if (typeof label === 'string') return { run, cost, label, constant, value, isVar };
  return new LazyLabelNode(run, cost, label, constant, value, isVar);
}

/** A node whose label is computed on first use: most rules are never explained. */
class LazyLabelNode implements CompiledNode {
  private cached: string | undefined;
  constructor(
    readonly run: Expr,
    readonly cost: number,
    private readonly makeLabel: () => string,
    readonly constant: boolean,
    readonly value: unknown,
    readonly isVar: boolean,
  ) {}

  get label(): string {
    this.cached ??= this.makeLabel();
    return this.cached;
  }
}

function labelOf(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** A compact label for an operation's source JSON, computed only if a trace needs it. */
export function sourceLabel(source: unknown): Label {
  return () => labelOf(source);
}
