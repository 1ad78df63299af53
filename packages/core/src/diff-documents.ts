// Which flags a new document adds, removes or changes (for CONFIGURATION_CHANGED events).
import type { CompiledDocument } from './types.js';

/**
 * Compares two compiled documents flag by flag, by each flag's `sourceHash` (its JSON, the
 * `$evaluators` it uses and its effective metadata), so reformatting or reordering a document
 * changes nothing. A flag without a hash counts as changed unless it is the same object.
 * Keys are listed in the flags' order (integer-like keys first, as JavaScript orders object keys).
 */
export function diffDocuments(old: CompiledDocument, next: CompiledDocument): { added: string[]; removed: string[]; changed: string[] } {
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  for (const [key, flag] of next.flags) {
    const before = old.flags.get(key);
    if (before === undefined) added.push(key);
    else if (before !== flag && (before.sourceHash === undefined || before.sourceHash !== flag.sourceHash)) changed.push(key);
  }
  for (const key of old.flags.keys()) if (!next.flags.has(key)) removed.push(key);
  return { added, removed, changed };
}
