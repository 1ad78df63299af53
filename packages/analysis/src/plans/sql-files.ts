// Where the notebooks-sql/*.sql files are: the repository root, beside packages/ (src/ and dist/ alike).
import { fileURLToPath } from 'node:url';

/** Absolute path of `notebooks-sql/<name>`. */
export function notebookSql(name: string): string {
  return fileURLToPath(new URL(`../../../../notebooks-sql/${name}`, import.meta.url));
}
