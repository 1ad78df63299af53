// `rollgate audit`: verify the flag-edit audit log's hash chain, or print its history.
import { readFile } from 'node:fs/promises';
import { sha256Hex, type AuditEntry } from '../audit/audit-entry.js';
import { readAuditLog } from '../audit/audit-log-file.js';
import { verifyAuditLog, type AuditProblem } from '../audit/verify-audit-log.js';
import { ExitCode } from '../errors/cli-error.js';
import { InputError } from '../errors/input-error.js';
import { UsageError } from '../errors/usage-error.js';
import type { Io } from '../io.js';
import { parseOptions } from '../parse-options.js';
import { resolveInputPath } from '../read-input.js';
import { auditLogPath, fileAsLogged } from '../rollout/audit-paths.js';

export const help = `Usage: rollgate audit verify|log [--audit-log FILE | --flags FILE] [options]

The audit log is written by "rollgate flags": one JSON line per edit (time, actor, reason, flag,
action, before/after changes, SHA-256 of the file before and after) chained by SHA-256: each entry
holds the hash of its own content and of the entry before it, and a sequence number.

Actions:
  verify   Check the chain. Names the line of every entry that was edited, removed, replaced or
           torn (an interrupted append). With --flags, also checks that the file is what the last
           edit wrote (catches edits made outside rollgate, and entries cut from the end).
  log      Print the history readably, oldest first.

Options:
  --audit-log FILE    The log (default: beside --flags, .json replaced by .audit.jsonl).
  --flags FILE        The definitions file whose log to use (and, for verify, to check).
  --flag KEY          For log: only this flag's entries.
  --format text|json  Output format (default text).
  -h, --help          Show this help.

Verification cannot see entries removed from the END of the log by itself: keep the printed head
hash somewhere else (a ticket, a commit message) or verify with --flags.

Exit codes: verify: 0 intact, 1 problems found; log: 0. Both: 2 missing log or usage error.

Examples:
  rollgate audit verify --flags rollout.flagd.json
  rollgate audit log --flags rollout.flagd.json --flag new-area
`;

const options = {
  'audit-log': { type: 'string' },
  flags: { type: 'string' },
  flag: { type: 'string' },
  format: { type: 'string' },
} as const;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('audit', argv, options);
  const [action, ...rest] = positionals;
  if (action !== 'verify' && action !== 'log') throw new UsageError(`give an action: verify or log${action === undefined ? '' : ` (got "${action}")`}`, 'audit');
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, 'audit');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got "${format}")`, 'audit');
  const path = auditLogPath(io, values.flags, values['audit-log'], 'audit');
  const text = await readAuditLog(path);
  if (text === '') throw new InputError('FILE_NOT_FOUND', `no audit log at ${path} (it is created by the first "rollgate flags" edit)`);
  const verification = verifyAuditLog(text);

  if (action === 'log') {
    const entries = verification.parsed.filter(({ entry }) => values.flag === undefined || entry.flag === values.flag);
    if (format === 'json') {
      for (const { entry } of entries) io.stdout.write(`${JSON.stringify(entry)}\n`);
    } else {
      io.stdout.write(entries.length === 0 ? `no entries${values.flag === undefined ? '' : ` for flag "${values.flag}"`}\n` : `${entries.map(({ entry }) => formatEntry(entry)).join('\n')}\n`);
      if (!verification.ok) io.stderr.write(`warning: the audit log fails verification (${verification.problems.length} problem(s)); run: rollgate audit verify --audit-log ${path}\n`);
    }
    return ExitCode.OK;
  }

  const problems: AuditProblem[] = [...verification.problems];
  if (values.flags !== undefined) {
    const flagsPath = resolveInputPath(io, values.flags);
    const logged = fileAsLogged(path, flagsPath);
    const last = [...verification.parsed].reverse().find(({ entry }) => entry.file === logged);
    if (last !== undefined) {
      let bytes: string | undefined;
      try {
        bytes = await readFile(flagsPath, 'utf8');
      } catch {
        bytes = undefined;
      }
      if (bytes === undefined || sha256Hex(bytes) !== last.entry.fileHashAfter) {
        problems.push({
          line: last.line,
          kind: 'edited',
          message: `${flagsPath} ${bytes === undefined ? 'is missing' : 'is not what entry'} ${bytes === undefined ? `(entry #${last.entry.seq} on line ${last.line} wrote it)` : `#${last.entry.seq} (line ${last.line}) wrote: it was changed outside "rollgate flags", or later entries were removed from the end of the log`}`,
        });
      }
    }
  }
  const ok = problems.length === 0;
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ ok, log: path, entries: verification.entries, head: verification.head ?? null, problems })}\n`);
  } else if (ok) {
    const head = verification.head;
    io.stdout.write(`${path}: ok, ${verification.entries} entr${verification.entries === 1 ? 'y' : 'ies'}, chain intact${head === undefined ? '' : `; head #${head.seq} ${head.hash}`}\n`);
  } else {
    io.stdout.write(`${path}: FAILED, ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${verification.entries} entries:\n${problems.map((p) => `  ${p.message}`).join('\n')}\n`);
  }
  return ok ? ExitCode.OK : ExitCode.NEGATIVE;
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

/** `#3  2026-11-21 01:40:00Z  ana  set-percentage new-area  "reason"` and one line per change. */
export function formatEntry(entry: AuditEntry): string {
  const time = entry.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const reason = entry.reason === null ? '' : `  "${entry.reason}"`;
  const args = Object.keys(entry.args).length === 0 ? '' : ` ${Object.values(entry.args).map((v) => (Array.isArray(v) ? v.join(' ') : String(v))).join(' ')}`;
  const head = `#${entry.seq}  ${time}  ${entry.actor}  ${entry.action}${args}  ${entry.flag}${reason}`;
  const changes = entry.changes.map((c) => `      ${c.path.replace(/^\$\.flags\.[^.]+\.rollout\.?/, 'rollout.') || 'rollout'}: ${show(c.before)} -> ${c.after === undefined ? '(removed)' : show(c.after)}`);
  const warn = entry.takesAccessAway === null ? [] : [`      ! takes access away: ${entry.takesAccessAway}`];
  return [head, ...changes, ...warn].join('\n');
}
