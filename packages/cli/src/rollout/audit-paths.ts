// Where an edit's audit log lives and who the actor is: resolved in one place for every command.
import { dirname, relative } from 'node:path';
import { UsageError } from '../errors/usage-error.js';
import type { Io } from '../io.js';
import { resolveInputPath } from '../read-input.js';

/**
 * The audit log of a definitions file: `--audit-log FILE` when given, else beside the flags file
 * with `.json` replaced by `.audit.jsonl` (`rollout.flagd.json` -> `rollout.flagd.audit.jsonl`).
 */
export function auditLogPath(io: Io, flagsFile: string | undefined, auditLog: string | undefined, command: string): string {
  if (auditLog !== undefined) return resolveInputPath(io, auditLog);
  if (flagsFile === undefined) throw new UsageError('give --audit-log FILE, or --flags FILE to use the log beside it', command);
  const flags = resolveInputPath(io, flagsFile);
  return `${flags.replace(/\.json$/i, '')}.audit.jsonl`;
}

/** The definitions file as audit entries name it: relative to the log's directory. */
export function fileAsLogged(auditPath: string, flagsPath: string): string {
  return relative(dirname(auditPath), flagsPath) || flagsPath;
}

/**
 * Who is editing: `--actor`, else $ROLLGATE_ACTOR, else $USER / $LOGNAME (a login name is better
 * than nothing; CI jobs should set ROLLGATE_ACTOR). An edit without an actor is refused.
 */
export function resolveActor(io: Io, actor: string | undefined, command: string): string {
  const found = [actor, io.env['ROLLGATE_ACTOR'], io.env['USER'], io.env['LOGNAME']].find((a) => a !== undefined && a.trim() !== '');
  if (found === undefined) throw new UsageError('say who is editing: --actor NAME or the ROLLGATE_ACTOR environment variable', command);
  return found.trim();
}
