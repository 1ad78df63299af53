// The command registry: one line per command, in the order `rollgate --help` lists them.
// Add yours as { name, summary, load: () => import('./<name>.js') }; modules load lazily, so a
// fast command (eval) never pays for a heavy one's imports (DuckDB).
import type { CommandEntry } from './command.js';

export type { CommandEntry, CommandModule } from './command.js';

export const commands: readonly CommandEntry[] = [
  { name: 'analyze', summary: 'Per-variant experiment results from exported events (rates, lifts, p-values, SRM)', load: () => import('./analyze.js') },
];
