// `rollgate eval`: evaluate one flag, or a JSONL stream of requests, against a definitions file.
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { ErrorCode, evaluate, evaluateAll, parseJson } from '@rollgate/core';
import type { CompiledDocument, EvaluationContext, FlagType, FlagValue } from '@rollgate/core';
import { ExitCode } from '../errors/cli-error.js';
import { InputError } from '../errors/input-error.js';
import { UsageError } from '../errors/usage-error.js';
import { describeJsonType, flagTypes, isFlagType, typeOfValue } from '../eval/flag-types.js';
import { isRequestProblem, parseRequest } from '../eval/parse-request.js';
import { requestErrorLine, resultLine } from '../eval/result-line.js';
import { mapLines } from '../eval/stream-lines.js';
import type { Io } from '../io.js';
import { definitionFormats, loadDefinitions, parseFormat } from '../load-definitions.js';
import { parseOptions } from '../parse-options.js';
import { resolveInputPath } from '../read-input.js';

export const help = `Usage:
  rollgate eval --flags FILE --flag KEY [--type TYPE] [--default JSON] [--context JSON] [--explain]
  rollgate eval --flags FILE --all [--context JSON] [--explain]
  rollgate eval --flags FILE --requests FILE.jsonl [--explain]

Evaluates flags from a definitions document and prints OpenFeature resolution details as JSON lines:
  {"flagKey","value","variant","reason","errorCode","errorMessage","flagMetadata"}
Fields without a value are left out; --explain adds "trace", the steps the targeting took.

Options:
  --flags FILE        Definitions document (required); "-" reads stdin.
  --format FORMAT     Dialect of --flags: ${definitionFormats.join(' or ')} (default flagd).
  --flag KEY          The flag to evaluate (one result line).
  --all               Evaluate every flag for --context, each as its own type, one line per
                      flag in document order, integer-like keys first (value null where the
                      caller's default would apply).
  --type TYPE         ${flagTypes.join(' | ')}. Default: the type of --default, else the
                      flag's own type.
  --default JSON      The caller's default value, returned on errors and when the flag has no
                      default variant (default: null).
  --context JSON      Evaluation context object, e.g. '{"targetingKey":"user-1","plan":"pro"}'.
  --requests FILE     JSONL, one request per line: {"flagKey","type","defaultValue","context"}
                      ("type" and "defaultValue" optional, as for --type and --default); "-" reads
                      stdin. Prints one result line per request, in input order, streaming with
                      bounded memory. Blank lines are skipped. A bad line yields a result with
                      errorCode PARSE_ERROR or INVALID_CONTEXT and "line N:" in errorMessage; the
                      stream goes on, and a count of such lines goes to stderr.
  --explain           Add a readable "trace" to each result.
  --fail-on-error     Exit 1 when a result has reason ERROR (default: exit 0 once results print).
  -h, --help          Show this help.

Exit codes: 0 results printed; 1 --fail-on-error and some result is an error; 2 bad input or usage
(missing file, invalid JSON, invalid definitions, bad --context), with the reason on stderr.

Examples:
  rollgate eval --flags packages/cli/examples/flags.flagd.json --flag new-checkout \\
    --context '{"targetingKey":"user-1","email":"ana@example.com"}'
  rollgate eval --flags packages/cli/examples/flags.flagd.json --flag fast-provision \\
    --default '"control"' --context '{"targetingKey":"user-42"}' --explain
  rollgate eval --flags packages/cli/examples/flags.flagd.json --all --context '{"targetingKey":"org-7","plan":"pro"}'
  rollgate eval --flags packages/cli/examples/flags.flagd.json \\
    --requests packages/cli/examples/requests.jsonl
  rollgate eval --format posthog --flags packages/cli/examples/flags.posthog.json --flag cta-style \\
    --context '{"targetingKey":"user-7"}'
`;

const options = {
  flags: { type: 'string' },
  format: { type: 'string' },
  flag: { type: 'string' },
  all: { type: 'boolean' },
  type: { type: 'string' },
  default: { type: 'string' },
  context: { type: 'string' },
  requests: { type: 'string' },
  explain: { type: 'boolean' },
  'fail-on-error': { type: 'boolean' },
} as const;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('eval', argv, options);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'eval');
  if (values.flags === undefined) throw new UsageError('--flags FILE is required', 'eval');
  const format = parseFormat(values.format, 'eval');
  const explain = values.explain === true;
  const failOnError = values['fail-on-error'] === true;

  if (values.requests !== undefined) {
    for (const single of ['flag', 'all', 'type', 'default', 'context'] as const) {
      if (values[single] !== undefined) {
        throw new UsageError(`--${single} cannot be combined with --requests (each request line carries its own)`, 'eval');
      }
    }
    if (values.requests === '-' && values.flags === '-') {
      throw new UsageError('--flags and --requests cannot both read stdin', 'eval');
    }
    const input = await openRequests(io, values.requests);
    const doc = await loadDefinitions(io, values.flags, format, '--flags');
    const summary = await evaluateRequests(doc, input, io, explain);
    if (summary.errors > 0) {
      io.stderr.write(
        `rollgate eval: ${summary.errors} of ${summary.requests} requests resolved with an error ` +
          `(${summary.invalidLines} invalid request lines; first error at line ${summary.firstErrorLine})\n`,
      );
    }
    return failOnError && summary.errors > 0 ? ExitCode.NEGATIVE : ExitCode.OK;
  }

  if (values.all === true) {
    if (values.flag !== undefined || values.type !== undefined || values.default !== undefined) {
      throw new UsageError('--all evaluates every flag as its own type: drop --flag, --type and --default', 'eval');
    }
    const context = values.context === undefined ? {} : parseContextOption(values.context);
    const doc = await loadDefinitions(io, values.flags, format, '--flags');
    let failed = false;
    const lines: string[] = [];
    for (const [flagKey, resolution] of evaluateAll(doc, context, { explain })) {
      if (!resolution.ok) failed = true;
      lines.push(resultLine(flagKey, resolution));
    }
    io.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    return failOnError && failed ? ExitCode.NEGATIVE : ExitCode.OK;
  }
  if (values.flag === undefined) throw new UsageError('give --flag KEY (one flag), --all, or --requests FILE (many)', 'eval');
  const defaultValue = values.default === undefined ? null : parseJsonOption('--default', values.default);
  const context = values.context === undefined ? {} : parseContextOption(values.context);
  const doc = await loadDefinitions(io, values.flags, format, '--flags');
  const type = resolveType(values.type, defaultValue, doc, values.flag);
  const resolution = evaluate(doc, values.flag, type, defaultValue, context, { explain });
  io.stdout.write(`${resultLine(values.flag, resolution)}\n`);
  return failOnError && !resolution.ok ? ExitCode.NEGATIVE : ExitCode.OK;
}

/** Parses a JSON-valued option; the error names the option and the position in its text. */
function parseJsonOption(option: string, text: string): FlagValue {
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const where = parsed.error.map((issue) => issue.message).join('; ');
    throw new InputError('INVALID_JSON', `${option} is not valid JSON: ${where}\n  ${option} was: ${text}`);
  }
  return parsed.value as FlagValue;
}

function parseContextOption(text: string): EvaluationContext {
  const value = parseJsonOption('--context', text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('INVALID_CONTEXT', `--context must be a JSON object, got ${describeJsonType(value)}`);
  }
  const targetingKey = (value as Record<string, unknown>)['targetingKey'];
  if (targetingKey !== undefined && typeof targetingKey !== 'string') {
    throw new InputError('INVALID_CONTEXT', `--context: targetingKey must be a string, got ${describeJsonType(targetingKey)}`);
  }
  return value as EvaluationContext;
}

/** --type, else the type of --default, else the flag's own type (so a bare `--flag` just works). */
function resolveType(option: string | undefined, defaultValue: FlagValue, doc: CompiledDocument, flagKey: string): FlagType {
  const implied = typeOfValue(defaultValue);
  if (option !== undefined) {
    if (!isFlagType(option)) throw new UsageError(`--type must be one of ${flagTypes.join(', ')} (got "${option}")`, 'eval');
    if (implied !== undefined && implied !== option) {
      throw new UsageError(`--default is ${describeJsonType(defaultValue)} but --type is ${option}`, 'eval');
    }
    return option;
  }
  return implied ?? doc.flags.get(flagKey)?.type ?? 'object';
}

/** Opens the requests input up front, so a missing file is a usage-time error naming the path. */
async function openRequests(io: Io, file: string): Promise<Readable> {
  if (file === '-') return io.stdin;
  const path = resolveInputPath(io, file);
  try {
    const handle = await open(path, 'r');
    return handle.createReadStream({ highWaterMark: 64 * 1024 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('FILE_NOT_FOUND', `--requests: file not found: ${path}`);
    const reason = err instanceof Error ? err.message : String(err);
    throw new InputError('FILE_UNREADABLE', `--requests: cannot read ${path}: ${reason}`);
  }
}

interface RequestsSummary {
  requests: number;
  errors: number;
  invalidLines: number;
  firstErrorLine: number | undefined;
}

async function evaluateRequests(doc: CompiledDocument, input: Readable, io: Io, explain: boolean): Promise<RequestsSummary> {
  const summary: RequestsSummary = { requests: 0, errors: 0, invalidLines: 0, firstErrorLine: undefined };
  const evaluateOptions = { explain };
  const noteError = (lineNumber: number): void => {
    summary.errors += 1;
    summary.firstErrorLine ??= lineNumber;
  };
  await mapLines(
    input,
    io.stdout,
    (line, lineNumber) => {
      summary.requests += 1;
      const request = parseRequest(line, lineNumber, doc);
      if (isRequestProblem(request)) {
        summary.invalidLines += 1;
        noteError(lineNumber);
        return requestErrorLine(request.errorCode, request.errorMessage, request.flagKey, request.defaultValue);
      }
      const resolution = evaluate(doc, request.flagKey, request.type, request.defaultValue, request.context, evaluateOptions);
      if (!resolution.ok) noteError(lineNumber);
      return resultLine(request.flagKey, resolution);
    },
    (lineNumber, limit) => {
      summary.requests += 1;
      summary.invalidLines += 1;
      noteError(lineNumber);
      return requestErrorLine(ErrorCode.PARSE_ERROR, `line ${lineNumber}: longer than ${limit} characters; skipped`, undefined, undefined);
    },
  );
  return summary;
}
