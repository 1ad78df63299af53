// Validates a whole flagd flag-definition document and compiles it once.
import { childPath } from '../json/json-path.js';
import { isPlainObject, kindOf } from '../json/describe-value.js';
import type { CompiledDocument, CompiledFlag, DefinitionIssue, Result } from '../types.js';
import { compileFlag } from './compile-flag.js';
import { resolveCompileFlagdOptions, type CompileFlagdOptions } from './compile-options.js';
import { EVALUATORS_PATH, EvaluatorTable } from './evaluator-table.js';
import { IssueSink } from './issue-sink.js';
import { checkFlagSetMetadata, validateMetadata } from './validate-metadata.js';

const ROOT_KEYS = new Set(['flags', '$evaluators', 'metadata', '$schema']);

/**
 * Validate a parsed flagd document (flagd's public schema plus semantic checks) and compile every
 * flag's targeting into closures. Every problem is listed, each naming its JSON path and flag; a
 * document with any error is rejected whole (see `CompileFlagdOptions.compatibility`).
 *
 * @example
 * const compiled = compileFlagd(JSON.parse(text));
 * if (!compiled.ok) for (const issue of compiled.error) console.error(issue.path, issue.message);
 */
export function compileFlagd(document: unknown, options?: CompileFlagdOptions): Result<CompiledDocument, DefinitionIssue[]> {
  try {
    return compileDocument(document, options);
  } catch (error) {
    // Parsed JSON never gets here; a hand-built object might (a cycle, a throwing getter).
    // Bad input is an issue, never an exception in the host.
    return { ok: false, error: [{ path: '$', message: `the document could not be read: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}

function compileDocument(document: unknown, options: CompileFlagdOptions | undefined): Result<CompiledDocument, DefinitionIssue[]> {
  const resolved = resolveCompileFlagdOptions(options);
  const sink = new IssueSink();

  if (!isPlainObject(document)) {
    sink.error('$', `a flagd document is a JSON object with "flags", got ${kindOf(document)}`);
    return { ok: false, error: sink.errors };
  }
  for (const key of Object.keys(document)) {
    if (!ROOT_KEYS.has(key)) sink.error(childPath('$', key), `unknown key ${JSON.stringify(key)} (a flagd document has flags, $evaluators, metadata, $schema)`);
  }
  if (document['$schema'] !== undefined && typeof document['$schema'] !== 'string') {
    sink.error('$.$schema', '$schema must be a string');
  }
  const setMetadata = validateMetadata(document['metadata'], '$.metadata', sink);
  checkFlagSetMetadata(setMetadata, '$.metadata', sink, resolved.strict);

  const rawEvaluators = document['$evaluators'];
  let evaluatorSources: Record<string, unknown> = {};
  if (rawEvaluators !== undefined) {
    if (isPlainObject(rawEvaluators)) evaluatorSources = rawEvaluators;
    else sink.error(EVALUATORS_PATH, `$evaluators must be an object of named rules, got ${kindOf(rawEvaluators)}`);
  }
  const evaluators = new EvaluatorTable(evaluatorSources, sink, resolved);
  evaluators.compileAll();

  const rawFlags = document['flags'];
  const flags = new Map<string, CompiledFlag>();
  if (rawFlags === undefined) sink.error('$.flags', 'flags is required');
  else if (!isPlainObject(rawFlags)) sink.error('$.flags', `flags must be an object keyed by flag key, got ${kindOf(rawFlags)}`);
  else {
    for (const [key, raw] of Object.entries(rawFlags)) {
      const path = childPath('$.flags', key);
      if (key === '') {
        sink.error(path, 'a flag key must not be empty');
        continue;
      }
      const flag = compileFlag({ key, raw, path, setMetadata, evaluators, sink, options: resolved });
      if (flag !== undefined) flags.set(key, flag);
    }
  }
  if (sink.errors.length > 0) return { ok: false, error: sink.errors };

  // `requires` was rejected above unless an extension links it.
  const linked = resolved.linkPrerequisites === undefined ? { ok: true as const, value: flags } : resolved.linkPrerequisites(flags);
  if (!linked.ok) return { ok: false, error: linked.error };

  return {
    ok: true,
    value: {
      dialect: 'flagd',
      flags: linked.value,
      metadata: setMetadata,
      warnings: Object.freeze(sink.warnings),
    },
  };
}
