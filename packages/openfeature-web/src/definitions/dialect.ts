// How a definitions document becomes a CompiledDocument: the only dialect-specific step.
import type { CompiledDocument, DefinitionIssue, FlagdExtension, Result } from '@rollgate/core';

/** What the provider hands a dialect's compiler besides the document. */
export interface DialectCompileOptions {
  /** The provider's `extensions` option (flagd only). */
  readonly extensions: readonly FlagdExtension[];
}

/** A synchronous compiler for one definitions format. */
export interface Dialect {
  readonly name: string;
  compile(document: unknown, options?: DialectCompileOptions): Result<CompiledDocument, DefinitionIssue[]>;
}
