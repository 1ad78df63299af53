// How a definitions document becomes a CompiledDocument: the only dialect-specific step.
import type { CompiledDocument, DefinitionIssue, Result } from '@rollgate/core';

/** A synchronous compiler for one definitions format. */
export interface Dialect {
  readonly name: string;
  compile(document: unknown): Result<CompiledDocument, DefinitionIssue[]>;
}
