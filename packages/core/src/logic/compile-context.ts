// What an operator needs while compiling: where it is, how to report problems, how to compile
// its arguments, and how to resolve `$ref`.
import type { CompiledNode, Position } from './expression.js';

export interface CompileContext {
  /** The flag being compiled (absent while compiling a shared `$evaluators` entry). */
  readonly flagKey: string | undefined;
  /** Variant names of the flag, to check literal results; absent inside `$evaluators`. */
  readonly variants: ReadonlySet<string> | undefined;
  /**
   * A problem that makes the rule unusable (unknown operator, missing `$ref`, malformed
   * operation). Always an error in strict mode; in flagd mode the flag evaluates to PARSE_ERROR.
   */
  fail(path: string, message: string): void;
  /**
   * Misuse that flagd tolerates at evaluation time by returning null (wrong argument count of
   * `starts_with`, unknown `sem_ver` operator, a literal result that is not a variant, ...).
   * An error in strict mode, a warning in flagd mode.
   */
  lint(path: string, message: string): void;
  /**
   * The compiled `$evaluators` entry, or undefined after reporting why not. In `result` position
   * the entry's literal results become the requester's, so they are checked against the variants
   * of every flag that uses it.
   */
  resolveRef(name: string, path: string, position: Position): CompiledNode | undefined;
  /**
   * Inside a shared `$evaluators` entry (no variants to check against yet): remembers a literal
   * result, so each flag that uses the entry checks it against its own variants.
   */
  collectResult?(name: string, path: string): void;
}

/** Everything an operator's compiler receives. */
export interface OperatorSite {
  readonly ctx: CompileContext;
  /** Operator name, e.g. `starts_with`. */
  readonly op: string;
  /** Path of the operator's arguments, e.g. `$.flags.f.targeting.if`. */
  readonly path: string;
  readonly position: Position;
  /** The whole operation `{"op": args}`, for trace labels. */
  readonly source: unknown;
  /** The arguments; a single non-array argument is wrapped, as JSONLogic does. */
  readonly args: readonly unknown[];
  /** Compile argument `index` (missing arguments compile to `null`). */
  arg(index: number, position?: Position): CompiledNode;
  /** Compile any nested JSON at `path`. */
  compile(json: unknown, path: string, position?: Position): CompiledNode;
}

export type OperatorCompiler = (site: OperatorSite) => CompiledNode;
