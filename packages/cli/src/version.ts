// The CLI's version, read from its package.json at run time so it cannot drift from the release.
import { readFileSync } from 'node:fs';

export function cliVersion(): string {
  // dist/version.js and src/version.ts both sit one level below the package root.
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
