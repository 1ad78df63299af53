import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp dir; `cleanup` removes it. */
export function tempDir(prefix = 'rollgate-server-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

let counter = 0;
/** A unique OpenFeature domain per test, so providers never leak between tests. */
export function domain(name: string): string {
  counter += 1;
  return `${name}-${counter}-${process.pid}`;
}

/** Resolves on the next occurrence of `predicate()` being true, polling each few ms (bounded). */
export async function eventually(predicate: () => boolean, limitMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
