// Absolute paths of the CLI package's example files, for tests.
import { fileURLToPath } from 'node:url';

export const cliRoot = fileURLToPath(new URL('../../', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const exampleFlags = fileURLToPath(new URL('../../examples/flags.flagd.json', import.meta.url));
export const exampleRequests = fileURLToPath(new URL('../../examples/requests.jsonl', import.meta.url));
