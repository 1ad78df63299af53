// Collects a document's problems: errors reject it; warnings (flagd mode only) ride along.
import type { DefinitionIssue } from '../types.js';

export class IssueSink {
  readonly errors: DefinitionIssue[] = [];
  readonly warnings: DefinitionIssue[] = [];

  error(path: string, message: string, flagKey?: string): void {
    this.errors.push(flagKey === undefined ? { path, message } : { path, flagKey, message });
  }

  warning(path: string, message: string, flagKey?: string): void {
    this.warnings.push(flagKey === undefined ? { path, message } : { path, flagKey, message });
  }
}
