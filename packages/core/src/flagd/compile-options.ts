// Options of `compileFlagd`, with their defaults, resolved in one place.

export interface CompileFlagdOptions {
  /**
   * How strictly a document is judged. Default `'strict'`.
   *
   * - `'strict'`: any problem rejects the whole document (nothing half-applied): schema errors,
   *   unknown operators, a missing `$ref` or a `$ref` cycle, and also operator misuse that flagd
   *   would only notice at evaluation time (wrong argument counts, an unknown `sem_ver` operator,
   *   a literal result that is not one of the flag's variants, non-integer or negative weights).
   * - `'flagd'`: behave like flagd's in-process evaluators (what the flagd-testbed checks). Schema
   *   errors still reject the document; a flag whose targeting cannot be compiled (unknown
   *   operator, missing `$ref`) is kept and evaluates to ERROR / PARSE_ERROR; operator misuse is
   *   reported in `CompiledDocument.warnings` and yields null (the default variant) when evaluated.
   */
  compatibility?: 'strict' | 'flagd';
  /**
   * The most operations one evaluation of a flag may run, with every `$ref` expanded.
   * Default 100000. Bounds work per evaluation, so a `$ref` chain that doubles at each level
   * is rejected at compile time instead of hanging evaluation.
   */
  maxRuleCost?: number;
  /**
   * The most array elements one evaluation of a flag may visit or copy (`map`, `filter`,
   * `reduce`, `all`, `some`, `none`, `merge`, `in`, `missing`). Default 1000000. Bounds work that
   * grows with the context's data; beyond it the flag resolves to ERROR / GENERAL.
   */
  maxArrayWork?: number;
}

export interface ResolvedCompileFlagdOptions {
  readonly strict: boolean;
  readonly maxRuleCost: number;
  readonly maxArrayWork: number;
}

export function resolveCompileFlagdOptions(options: CompileFlagdOptions | undefined): ResolvedCompileFlagdOptions {
  return {
    strict: (options?.compatibility ?? 'strict') === 'strict',
    maxRuleCost: options?.maxRuleCost ?? 100_000,
    maxArrayWork: options?.maxArrayWork ?? 1_000_000,
  };
}
