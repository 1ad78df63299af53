// The command registry: one line per command, in the order `rollgate --help` lists them.
// Add yours as { name, summary, load: () => import('./<name>.js') }; modules load lazily, so a
// fast command (eval) never pays for a heavy one's imports (DuckDB).
import type { CommandEntry } from './command.js';

export type { CommandEntry, CommandModule } from './command.js';

export const commands: readonly CommandEntry[] = [
  { name: 'eval', summary: 'Evaluate flags from a definitions document (one flag, or a JSONL stream of requests)', load: () => import('./eval.js') },
  { name: 'validate', summary: 'Check a definitions document and list every problem with its JSON path', load: () => import('./validate.js') },
  { name: 'flags', summary: 'Show and edit a flag rollout (stage, percentage, allowlist, kill switch), audited', load: () => import('./flags.js') },
  { name: 'audit', summary: 'Verify the flag-edit audit log (hash chain) or print its history', load: () => import('./audit.js') },
  { name: 'diff', summary: 'Preview a definitions change over a population of contexts: who changes, warnings', load: () => import('./diff.js') },
  { name: 'analyze', summary: 'Per-variant experiment results from exported events (rates, lifts, p-values, SRM)', load: () => import('./analyze.js') },
  { name: 'segments', summary: 'Split time to first token into segments, by property and turn bucket, with intervals', load: () => import('./segments.js') },
  { name: 'gonogo', summary: 'Evaluate a pre-registered go/no-go plan against exported events (GO / NO_GO / INCONCLUSIVE)', load: () => import('./gonogo.js') },
  { name: 'shadow-report', summary: 'Summarise a shadow comparison log: agreement with intervals, per flag, divergences, separating attribute', load: () => import('./shadow-report.js') },
];
