// One safe edit of a definitions file: lock, read, apply, validate, write atomically, audit.
import { applyRolloutEdit, parseJson, type JsonChange, type JsonValue, type RolloutEdit } from '@rollgate/core';
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { buildAuditEntry, sha256Hex, type AuditEntry } from '../audit/audit-entry.js';
import { appendAuditEntry } from '../audit/audit-log-file.js';
import { InputError } from '../errors/input-error.js';
import { RampDownRefused } from '../errors/ramp-down-refused.js';
import { UsageError } from '../errors/usage-error.js';
import { formatIssues } from '../format-issues.js';
import { withFileLock } from '../fs/file-lock.js';
import { writeFileAtomic, type WriteFileAtomicOptions } from '@rollgate/openfeature-server/write-file-atomic';
import { fileAsLogged } from './audit-paths.js';

// A user's flags file: a rewrite keeps its permissions, a new one is world-readable like any
// source file, and a missing directory is a typo to report, not a directory to create.
const FLAGS_FILE_WRITE: WriteFileAtomicOptions = { mode: 0o644, keepMode: true, mkdir: false };

export interface EditRequest {
  readonly flagsPath: string;
  readonly auditPath: string;
  readonly flagKey: string;
  readonly edit: RolloutEdit;
  readonly args: Readonly<Record<string, JsonValue>>;
  readonly actor: string;
  readonly reason: string | null;
  /** Permit a set-stage / set-percentage that takes access away. Default false: refused. */
  readonly allowRampDown: boolean;
  /** Validate and report, write nothing. */
  readonly dryRun: boolean;
  /**
   * Write the edited document here instead of editing `flagsPath` in place (for `rollgate diff`
   * before the real edit). Nothing was changed, so no audit entry is appended. Refused (usage
   * error) when it is the flags file or the audit log: that would be an unaudited edit, or a
   * destroyed log.
   */
  readonly outPath?: string;
  /** The entry's time. Default now. */
  readonly now?: Date;
}

export interface EditReport {
  readonly changes: readonly JsonChange[];
  readonly takesAccessAway: string | undefined;
  readonly notes: readonly string[];
  /** Undefined for a dry run or an edit that changed nothing. */
  readonly entry: AuditEntry | undefined;
}

/** The indentation the document already uses, so an edit does not reformat the whole file. */
function indentOf(text: string): string | number {
  const m = /^[{[]\r?\n([ \t]+)\S/.exec(text);
  return m?.[1] ?? 2;
}

/** The path with symbolic links resolved, as far as it exists (a file not yet created keeps its name). */
async function canonicalPath(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    return join(await realpath(dirname(absolute)).catch(() => dirname(absolute)), basename(absolute));
  }
}

/** Whether two paths name one file: the same resolved path, or the same inode (a hard link). */
async function sameFile(a: string, b: string): Promise<boolean> {
  if ((await canonicalPath(a)) === (await canonicalPath(b))) return true;
  const [sa, sb] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)]);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
}

/**
 * Applies one rollout edit to the file. Order: lock the file; read; apply and validate the whole
 * new document (core); refuse an unconfirmed ramp-down; lock the audit log; write atomically;
 * append the audit entry.
 * The file is written before the entry is appended: if the append fails, the error says so and
 * `audit verify --flags` reports the file as changed since the last entry.
 */
export async function editFlagsFile(request: EditRequest): Promise<EditReport> {
  const { flagsPath, auditPath, flagKey, edit, outPath } = request;
  if (await sameFile(auditPath, flagsPath)) throw new UsageError(`--audit-log ${auditPath} is the flags file; give another file`, 'flags');
  if (outPath !== undefined) {
    if (await sameFile(outPath, flagsPath)) {
      throw new UsageError(`--out ${outPath} is the flags file: --out writes a preview elsewhere and records nothing; to edit ${flagsPath}, leave --out out`, 'flags');
    }
    if (await sameFile(outPath, auditPath)) {
      throw new UsageError(`--out ${outPath} is the audit log; give another file`, 'flags');
    }
  }
  return withFileLock(`${flagsPath}.lock`, async () => {
    let text: string;
    try {
      text = await readFile(flagsPath, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InputError(code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE', `--flags: cannot read ${flagsPath}: ${code === 'ENOENT' ? 'file not found' : String(err)}`);
    }
    const parsed = parseJson(text);
    if (!parsed.ok) throw new InputError('INVALID_JSON', `--flags: ${flagsPath} is not valid JSON:\n${formatIssues(parsed.error)}`);
    const outcome = applyRolloutEdit(parsed.value, flagKey, edit);
    if (!outcome.ok) {
      throw new InputError('INVALID_EDIT', `${edit.kind} on "${flagKey}" refused, nothing written; the edited document would not load:\n${formatIssues(outcome.error)}`);
    }
    const { changes, takesAccessAway, notes } = outcome.value;
    if (takesAccessAway !== undefined && !request.allowRampDown && (edit.kind === 'set-stage' || edit.kind === 'set-percentage')) {
      throw new RampDownRefused(`${edit.kind} on "${flagKey}" refused, nothing written: it takes access away (${takesAccessAway}). Add --allow-ramp-down if that is what you mean, or use "rollgate flags kill" in an emergency.`);
    }
    if (changes.length === 0 || request.dryRun) return { changes, takesAccessAway, notes, entry: undefined };
    const next = `${JSON.stringify(outcome.value.document, null, indentOf(text))}\n`;
    if (request.outPath !== undefined) {
      await writeFileAtomic(request.outPath, next, FLAGS_FILE_WRITE);
      return { changes, takesAccessAway, notes, entry: undefined };
    }
    // The audit log can be shared by several flags files (--audit-log), whose edit locks do not
    // exclude each other: its own lock serializes the appends, so two never chain to one head. It
    // is always taken second (after the flags file's), so two edits never wait for each other, and
    // before the write, so a log that stays locked fails the edit with nothing written.
    return withFileLock(`${auditPath}.lock`, async () => {
      await writeFileAtomic(flagsPath, next, FLAGS_FILE_WRITE);
      let entry: AuditEntry;
      try {
        entry = await appendAuditEntry(auditPath, (head) =>
          buildAuditEntry(
            {
              time: (request.now ?? new Date()).toISOString(),
              actor: request.actor,
              reason: request.reason,
              file: fileAsLogged(auditPath, flagsPath),
              flag: flagKey,
              action: edit.kind,
              args: request.args,
              changes,
              takesAccessAway: takesAccessAway ?? null,
              fileHashBefore: sha256Hex(text),
              fileHashAfter: sha256Hex(next),
            },
            head,
          ),
        );
      } catch (err) {
        throw new InputError('AUDIT_APPEND_FAILED', `${flagsPath} WAS changed, but the audit entry could not be appended to ${auditPath}: ${err instanceof Error ? err.message : String(err)}`);
      }
      return { changes, takesAccessAway, notes, entry };
    });
  });
}
