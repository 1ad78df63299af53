// `rollgate validate`: check a definitions document and list every problem with its JSON path.
import type { CompiledDocument } from '@rollgate/core';
import { ExitCode } from '../errors/cli-error.js';
import { UsageError } from '../errors/usage-error.js';
import { InputError } from '../errors/input-error.js';
import { formatIssues } from '../format-issues.js';
import type { Io } from '../io.js';
import { checkDefinitions, compilerFor, definitionFormats, describeInput, parseFormat } from '../load-definitions.js';
import { parseOptions } from '../parse-options.js';
import { readTextInput } from '../read-input.js';

export const help = `Usage: rollgate validate FILE [--format ${definitionFormats.join('|')}] [--json]

Validates a definitions document the way the engine loads it (schema and semantic checks, every
flag compiled). Prints a one-line summary and exits 0, or lists EVERY problem, each with its JSON
path and flag, and exits 2. FILE "-" reads stdin.

Options:
  --format FORMAT  Dialect: ${definitionFormats.join(' or ')} (default flagd).
  --json           Print {"ok","file","flags","problems":[{"path","flagKey","message"}]} instead.
  -h, --help       Show this help.

Exit codes: 0 valid; 2 invalid document, unreadable file or usage error.

Example:
  rollgate validate packages/cli/examples/flags.flagd.json
`;

const options = {
  format: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('validate', argv, options);
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('give the definitions FILE to validate', 'validate');
  if (extra.length > 0) throw new UsageError(`validate takes one FILE (unexpected "${extra[0]}")`, 'validate');
  const format = parseFormat(values.format, 'validate');
  const compile = await compilerFor(format);
  const where = describeInput(io, file);
  let text: string;
  try {
    text = await readTextInput(io, file, 'definitions');
  } catch (err) {
    // --json answers in JSON whatever went wrong with the file: a script parses stdout.
    if (values.json !== true || !(err instanceof InputError)) throw err;
    io.stdout.write(`${JSON.stringify({ ok: false, file: where, format, problems: [{ path: '$', message: err.message }] })}\n`);
    return ExitCode.BAD_INPUT;
  }
  const checked = checkDefinitions(text, compile);

  if (values.json === true) {
    const report = checked.ok
      ? { ok: true, file: where, format, flags: checked.value.flags.size, problems: [], warnings: checked.value.warnings ?? [] }
      : { ok: false, file: where, format, problems: checked.error.issues };
    io.stdout.write(`${JSON.stringify(report)}\n`);
    return checked.ok ? ExitCode.OK : ExitCode.BAD_INPUT;
  }
  if (checked.ok) {
    io.stdout.write(`${where}: valid ${format} document, ${summarize(checked.value)}\n`);
    const warnings = checked.value.warnings ?? [];
    if (warnings.length > 0) io.stderr.write(`warnings (the document loads, but look at these):\n${formatIssues(warnings)}\n`);
    return ExitCode.OK;
  }
  const { kind, issues } = checked.error;
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const what = kind === 'json' ? 'not valid JSON' : `not a valid ${format} document`;
  io.stderr.write(`${where}: ${what} (${count}):\n${formatIssues(issues)}\n`);
  return ExitCode.BAD_INPUT;
}

/** `3 flags (2 enabled, 1 disabled; 2 with targeting)`. */
function summarize(doc: CompiledDocument): string {
  let enabled = 0;
  let targeted = 0;
  for (const flag of doc.flags.values()) {
    if (flag.enabled) enabled += 1;
    if (flag.targeting !== undefined) targeted += 1;
  }
  const total = doc.flags.size;
  const noun = total === 1 ? 'flag' : 'flags';
  return `${total} ${noun} (${enabled} enabled, ${total - enabled} disabled; ${targeted} with targeting)`;
}
