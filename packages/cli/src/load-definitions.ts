// Turning a definitions file into a CompiledDocument: read, parse, compile in the chosen dialect.
import { compileFlagdWithRollout, parseJson } from '@rollgate/core';
import type { CompiledDocument, DefinitionIssue, Result } from '@rollgate/core';
import { InputError } from './errors/input-error.js';
import { UsageError } from './errors/usage-error.js';
import { formatIssues } from './format-issues.js';
import type { Io } from './io.js';
import { readTextInput, resolveInputPath } from './read-input.js';

/** The definition dialects the CLI reads. Default `flagd`. */
export const definitionFormats = ['flagd', 'posthog'] as const;
export type DefinitionFormat = (typeof definitionFormats)[number];

type Compile = (document: unknown) => Result<CompiledDocument, DefinitionIssue[]>;

/** The compiler for a dialect. PostHog's loads on first use, so flagd users never pay for it. */
export async function compilerFor(format: DefinitionFormat): Promise<Compile> {
  if (format === 'flagd') return compileFlagdWithRollout; // flagd plus rollout / requires
  const { compilePosthog } = await import('@rollgate/core/posthog');
  return compilePosthog;
}

/** Why a definitions text was rejected: not JSON at all, or JSON that is not valid definitions. */
export interface DefinitionsRejection {
  kind: 'json' | 'definitions';
  issues: DefinitionIssue[];
}

/** Parses and compiles a definitions text; every problem comes back, nothing throws. */
export function checkDefinitions(text: string, compile: Compile): Result<CompiledDocument, DefinitionsRejection> {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, error: { kind: 'json', issues: parsed.error } };
  const compiled = compile(parsed.value);
  if (!compiled.ok) return { ok: false, error: { kind: 'definitions', issues: compiled.error } };
  return compiled;
}

/** A human name for a file argument in messages: the path as resolved, or `stdin`. */
export function describeInput(io: Io, file: string): string {
  return file === '-' ? 'stdin' : resolveInputPath(io, file);
}

/**
 * Loads the definitions named by an option (`what`, e.g. `--flags`). Throws InputError
 * (FILE_NOT_FOUND, INVALID_JSON, INVALID_DEFINITIONS) listing every problem with its JSON path.
 */
export async function loadDefinitions(io: Io, file: string, format: DefinitionFormat, what: string): Promise<CompiledDocument> {
  const compile = await compilerFor(format);
  const text = await readTextInput(io, file, what);
  const checked = checkDefinitions(text, compile);
  if (checked.ok) return checked.value;
  const where = describeInput(io, file);
  const { kind, issues } = checked.error;
  if (kind === 'json') {
    throw new InputError('INVALID_JSON', `${what}: ${where} is not valid JSON:\n${formatIssues(issues)}`);
  }
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  throw new InputError('INVALID_DEFINITIONS', `${what}: ${where} is not a valid ${format} document (${count}):\n${formatIssues(issues)}`);
}

/** Checks a `--format` value (default `flagd`). Throws UsageError for anything else. */
export function parseFormat(value: string | undefined, command: string): DefinitionFormat {
  const format = value ?? 'flagd';
  if ((definitionFormats as readonly string[]).includes(format)) return format as DefinitionFormat;
  throw new UsageError(`--format must be one of ${definitionFormats.join(', ')} (got "${format}")`, command);
}
