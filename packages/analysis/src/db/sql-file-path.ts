import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The queries live once, in the repository's notebooks-sql/ (where analysts open them). A packed
// package carries a copy in its own notebooks-sql/; that copy wins when present.
const candidates = [
  new URL('../../notebooks-sql/', import.meta.url), // packages/analysis/notebooks-sql (packed)
  new URL('../../../../notebooks-sql/', import.meta.url), // <repo>/notebooks-sql (src/ or dist/)
];

/** Absolute path of a notebooks-sql/ file by name, e.g. 'experiment-conversion-by-variant.sql'. */
export function sqlFilePath(name: string): string {
  for (const dir of candidates) {
    const path = fileURLToPath(new URL(name, dir));
    if (existsSync(path)) return path;
  }
  return fileURLToPath(new URL(name, candidates[candidates.length - 1]!));
}
