// The `rollgate` package's programmatic surface: run the command line in-process.
export { main } from './main.js';
export type { Io, TextWriter } from './io.js';
export { processIo } from './io.js';
export { CliError, ExitCode } from './errors/cli-error.js';
export { UsageError } from './errors/usage-error.js';
export { InputError } from './errors/input-error.js';
export type { CommandEntry, CommandModule } from './commands/index.js';
