// The `rollgate` dispatcher: picks a command from the registry and turns CliErrors into exit codes.
import { commands } from './commands/index.js';
import { CliError, ExitCode } from './errors/cli-error.js';
import { processIo, type Io } from './io.js';
import { cliVersion } from './version.js';

function topLevelHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: rollgate <command> [options]',
    '',
    'Feature flags evaluated in-process, and the analysis to decide whether to ship them.',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     Show this help (or `rollgate <command> --help` for a command)',
    '  -V, --version  Print the version',
    '',
    'Exit codes: 0 ok, 1 a negative outcome where a command documents one, 2 bad input or usage.',
    '',
    'Example:',
    '  rollgate eval --flags packages/cli/examples/flags.flagd.json --flag new-checkout \\',
    `    --context '{"targetingKey":"user-1","email":"ana@example.com"}'`,
    '',
  ].join('\n');
}

/**
 * Runs `rollgate <argv>` and resolves to the exit code. Never rejects for bad input: a CliError
 * becomes `rollgate <command>: <message>` on stderr; anything else is an internal error (exit 2).
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic === undefined) {
      // Bare `rollgate` is a usage error: help goes to stderr so pipelines see nothing on stdout.
      (first === undefined ? io.stderr : io.stdout).write(topLevelHelp());
      return first === undefined ? ExitCode.BAD_INPUT : ExitCode.OK;
    }
    return main([topic, '--help'], io);
  }
  if (first === '-V' || first === '--version') {
    io.stdout.write(`${cliVersion()}\n`);
    return ExitCode.OK;
  }
  const entry = commands.find((c) => c.name === first);
  if (entry === undefined) {
    const names = commands.map((c) => c.name).join(', ');
    io.stderr.write(`rollgate: unknown command "${first}" (commands: ${names}; see rollgate --help)\n`);
    return ExitCode.BAD_INPUT;
  }
  try {
    const command = await entry.load();
    if (rest.includes('-h') || rest.includes('--help')) {
      io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
      return ExitCode.OK;
    }
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`rollgate ${entry.name}: ${err.message}\n`);
      return err.exitCode;
    }
    const detail = err instanceof Error && err.stack ? err.stack : String(err);
    io.stderr.write(`rollgate ${entry.name}: internal error (please report it): ${detail}\n`);
    return ExitCode.BAD_INPUT;
  }
}
