import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The package's built entry point. Tests that need a process of their own (exit behaviour, a
 * missing optional peer) import it from a child: Node 20 cannot import the TypeScript sources.
 */
export const SERVER_DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** The message of the `existsSync(SERVER_DIST)` check that opens such a test (a missing build is not a hang). */
export const BUILD_FIRST = 'build the package first (npm run build): the child runs the dist';

/** How a child ended: its exit code, 'signal', or 'hung' when the guard had to kill it. */
export interface ChildOutcome {
  exit: number | 'signal' | 'hung';
  stdout: string;
}

/**
 * Runs an ESM snippet in a fresh `node` (stderr passes through for diagnosis) and resolves with
 * its exit code and stdout. A child still alive after `guardMs` is SIGKILLed and reported as
 * 'hung', so "the process exits on its own" is asserted as `exit: 0`, never as a timeout.
 */
export function runNodeSnippet(code: string, guardMs = 20_000): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ exit: 'hung', stdout });
    }, guardMs);
    child.on('exit', (exitCode) => {
      clearTimeout(guard);
      resolve({ exit: exitCode ?? 'signal', stdout });
    });
  });
}
