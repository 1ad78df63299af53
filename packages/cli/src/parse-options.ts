// `node:util` parseArgs with the command line's conventions: strict, `-h/--help` everywhere,
// and parse failures turned into a UsageError that names the command.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors/usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;
const helpOption = { help: { type: 'boolean', short: 'h' } } as const;

type HelpOption = typeof helpOption;
/** What `parseOptions` returns for options `O`: parseArgs's own typing of the values. */
export type ParsedOptions<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & HelpOption; strict: true; allowPositionals: true }>
>;

/** Parses `argv` for `command` (strict: unknown options are usage errors). */
export function parseOptions<const O extends Options>(command: string, argv: string[], options: O): ParsedOptions<O> {
  const config = { args: argv, options: { ...options, ...helpOption } as O & HelpOption, strict: true as const, allowPositionals: true as const };
  let parsed;
  try {
    parsed = parseArgs({ ...config, tokens: true });
  } catch (err) {
    // parseArgs throws TypeErrors (code ERR_PARSE_ARGS_*) whose message is already readable.
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(message.replace(/ To specify a positional argument.*$/s, ''), command);
  }
  // parseArgs keeps the last of a repeated single-value option; `--flag a --flag b` would then
  // act on b alone, silently.
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (config.options[token.name]?.multiple === true) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given twice; it takes one value`, command);
    seen.add(token.name);
  }
  return { values: parsed.values, positionals: parsed.positionals } as ParsedOptions<O>;
}
