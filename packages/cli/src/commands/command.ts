// What a command module provides, and how the registry describes one without loading it.
import type { Io } from '../io.js';

/** A command module: `packages/cli/src/commands/<name>.ts`. */
export interface CommandModule {
  /** Full `--help` text, with at least one example. */
  readonly help: string;
  /** Returns the exit code: 0 ok, 1 a documented negative outcome, 2 bad input or usage. */
  run(argv: string[], io: Io): Promise<number>;
}

/** A registry entry. Modules load lazily, so `rollgate eval` never pays for DuckDB. */
export interface CommandEntry {
  readonly name: string;
  /** One line for the top-level `--help`. */
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}
