// Options of `compileFlagd`, with their defaults, resolved in one place.
import type { CompiledFlag, CompiledTargeting, DefinitionIssue, JsonValue, Result } from '../types.js';

/**
 * An opt-in extension of the flagd format. The flagd compiler knows Rollgate's extension keys on a
 * flag (`rollout`, `requires`) but carries no code for them: an extension supplies it. This keeps
 * the compiler small for browsers that only need plain flagd, and keeps support tree-shakeable.
 * The rollout extension is `rolloutExtension` (`@rollgate/core`).
 */
export interface FlagdExtension {
  /** Named in messages, e.g. `"rollout"`. */
  readonly name: string;
  /** Compiles a flag's `rollout` block into its targeting. */
  readonly compileRollout?: (input: {
    readonly flagKey: string;
    /** The flag's `rollout` value, as written. */
    readonly rollout: unknown;
    readonly variants: Readonly<Record<string, JsonValue>>;
    /** JSON path of the `rollout` block, e.g. `$.flags.new-area.rollout`. */
    readonly path: string;
  }) => Result<CompiledTargeting, DefinitionIssue[]>;
  /**
   * Runs once every flag has compiled: checks the `requires` edges (missing parents, cycles) and
   * returns flags whose targeting checks their parents.
   */
  readonly linkPrerequisites?: (flags: Map<string, CompiledFlag>) => Result<Map<string, CompiledFlag>, DefinitionIssue[]>;
}

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
  /**
   * Extensions of the flagd format to accept. Default none: a flag with a `rollout` block or
   * `requires` is then rejected with an issue at its path saying which extension it needs. Pass
   * `[rolloutExtension]` (or call `compileFlagdWithRollout`, what the CLI and server provider do)
   * to accept them. When several extensions supply the same hook, the first one is used.
   */
  extensions?: readonly FlagdExtension[];
  /**
   * How the "needs the rollout extension" issue tells the reader to turn it on. Default
   * `compileFlagd(doc, { extensions: [rolloutExtension] })`; a wrapper (e.g. the web provider)
   * names its own option instead.
   */
  extensionHint?: string;
}

export interface ResolvedCompileFlagdOptions {
  readonly strict: boolean;
  readonly maxRuleCost: number;
  readonly maxArrayWork: number;
  readonly compileRollout: FlagdExtension['compileRollout'];
  readonly linkPrerequisites: FlagdExtension['linkPrerequisites'];
  readonly extensionHint: string;
}

export function resolveCompileFlagdOptions(options: CompileFlagdOptions | undefined): ResolvedCompileFlagdOptions {
  const extensions = options?.extensions ?? [];
  return {
    strict: (options?.compatibility ?? 'strict') === 'strict',
    maxRuleCost: options?.maxRuleCost ?? 100_000,
    maxArrayWork: options?.maxArrayWork ?? 1_000_000,
    compileRollout: extensions.find((e) => e.compileRollout !== undefined)?.compileRollout,
    linkPrerequisites: extensions.find((e) => e.linkPrerequisites !== undefined)?.linkPrerequisites,
    extensionHint: options?.extensionHint ?? 'compileFlagd(doc, { extensions: [rolloutExtension] })',
  };
}
