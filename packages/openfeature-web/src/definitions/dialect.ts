// How a definitions document becomes a CompiledDocument: the only dialect-specific step.
import { compileFlagd, type CompiledDocument, type DefinitionIssue, type Result } from '@rollgate/core';

/** A synchronous compiler for one definitions format. */
export interface Dialect {
  readonly name: string;
  compile(document: unknown): Result<CompiledDocument, DefinitionIssue[]>;
}

/** flagd's flag definition format (the default). */
export const flagdDialect: Dialect = { name: 'flagd', compile: compileFlagd };
