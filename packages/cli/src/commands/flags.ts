// `rollgate flags`: show and edit a flag's rollout (stage, percentage, allowlist, kill switch),
// each edit validated, written atomically and recorded in the audit log.
import { rolloutOf, ROLLOUT_STAGES, type JsonValue, type RolloutEdit, type RolloutStage } from '@rollgate/core';
import { ExitCode } from '../errors/cli-error.js';
import { InputError } from '../errors/input-error.js';
import { UsageError } from '../errors/usage-error.js';
import type { Io } from '../io.js';
import { loadDefinitions } from '../load-definitions.js';
import { parseOptions } from '../parse-options.js';
import { resolveInputPath } from '../read-input.js';
import { auditLogPath, resolveActor } from '../rollout/audit-paths.js';
import { formatRolloutSummary, summarizeRollout } from '../rollout/describe-rollout.js';
import { editFlagsFile, type EditReport } from '../rollout/edit-flags-file.js';

export const help = `Usage: rollgate flags <action> --flags FILE --flag KEY [arguments] [options]

Shows and edits the "rollout" block of a flag in a flagd definitions file. Every edit validates the
WHOLE new document before writing (nothing is written if it would not load), replaces the file
atomically (a crash leaves the old or the new file, never a torn one), and appends one entry to the
audit log (see rollgate audit).

Actions:
  show                       Print the rollout of --flag (or of every rollout flag).
  set-stage STAGE            admin | allowlist | percentage | ga  (--percentage N to set both).
  set-percentage N           0..100, at most two decimals; from admin/allowlist it moves the stage
                             to "percentage"; from ga it is a ramp-down.
  allow VALUE...             Add values to the allowlist of --attribute (default targetingKey).
  disallow VALUE...          Remove values from the allowlist of --attribute.
  kill                       Kill switch: admin-only at once, whatever the stage.
  unkill                     Back to the stage the flag is at.

Options:
  --flags FILE        The definitions file (required).
  --flag KEY          The flag (required for edits).
  --attribute NAME    For allow/disallow: the context attribute (default targetingKey), e.g. orgId.
  --percentage N      For set-stage: also set the percentage.
  --actor NAME        Who is editing (default $ROLLGATE_ACTOR, then $USER).
  --reason TEXT       Why; recorded in the audit entry.
  --audit-log FILE    The audit log (default: FILE with .json replaced by .audit.jsonl).
  --allow-ramp-down   Permit a set-stage/set-percentage that takes access away (refused otherwise).
  --dry-run           Validate and print the change; write nothing.
  --out FILE          Write the edited document to FILE instead; --flags and the audit log stay
                      untouched, so "rollgate diff FLAGS FILE --contexts ..." previews the edit.
                      FILE may not be the flags file or the audit log (exit 2).
  --format text|json  Output format (default text).
  -h, --help          Show this help.

Ramp-downs: lowering the stage or the percentage takes access away from people who have it, so it
is refused (exit 1, nothing written) unless --allow-ramp-down is given; the audit entry records it.
disallow and kill take access away by design: they proceed, print a warning and are recorded.

Exit codes: 0 done (or nothing to change); 1 ramp-down refused; 2 invalid edit, document or usage.

Examples:
  rollgate flags show --flags rollout.flagd.json --flag new-area
  rollgate flags allow --flags rollout.flagd.json --flag new-area --attribute orgId acme --reason "design partner"
  rollgate flags set-percentage --flags rollout.flagd.json --flag new-area 5 --actor ana --reason "first ramp"
  rollgate flags kill --flags rollout.flagd.json --flag new-area --reason "errors in checkout"
`;

const options = {
  flags: { type: 'string' },
  flag: { type: 'string' },
  attribute: { type: 'string' },
  percentage: { type: 'string' },
  actor: { type: 'string' },
  reason: { type: 'string' },
  'audit-log': { type: 'string' },
  'allow-ramp-down': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  out: { type: 'string' },
  format: { type: 'string' },
} as const;

const ACTIONS = ['show', 'set-stage', 'set-percentage', 'allow', 'disallow', 'kill', 'unkill'] as const;

function parsePercentage(text: string | undefined, what: string): number {
  // Decimal only: Number() would also read '0x10' as 16 and '1e1' as 10.
  const match = /^\s*(\d+(?:\.\d+)?)%?\s*$/.exec(text ?? '');
  const n = match === null ? Number.NaN : Number(match[1]);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`${what} must be a number from 0 to 100 (got ${JSON.stringify(text ?? '')})`, 'flags');
  return n;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('flags', argv, options);
  const [action, ...rest] = positionals;
  if (action === undefined || !(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`give an action: ${ACTIONS.join(', ')}${action === undefined ? '' : ` (got "${action}")`}`, 'flags');
  }
  if (values.flags === undefined) throw new UsageError('--flags FILE is required', 'flags');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got "${format}")`, 'flags');
  if (action === 'show') return show(io, values.flags, values.flag, format, rest);

  const flagKey = values.flag;
  if (flagKey === undefined) throw new UsageError(`${action} needs --flag KEY`, 'flags');
  const attribute = values.attribute ?? 'targetingKey';
  let edit: RolloutEdit;
  let args: Record<string, JsonValue>;
  const noMore = (n: number): void => {
    if (rest.length > n) throw new UsageError(`${action} takes ${n === 0 ? 'no arguments' : `${n} argument`} (unexpected "${rest[n]}")`, 'flags');
  };
  switch (action) {
    case 'set-stage': {
      noMore(1);
      const stage = rest[0];
      if (stage === undefined || !(ROLLOUT_STAGES as readonly string[]).includes(stage)) {
        throw new UsageError(`set-stage needs a STAGE: ${ROLLOUT_STAGES.join(', ')}${stage === undefined ? '' : ` (got "${stage}")`}`, 'flags');
      }
      const percentage = values.percentage === undefined ? undefined : parsePercentage(values.percentage, '--percentage');
      edit = percentage === undefined ? { kind: 'set-stage', stage: stage as RolloutStage } : { kind: 'set-stage', stage: stage as RolloutStage, percentage };
      args = percentage === undefined ? { stage } : { stage, percentage };
      break;
    }
    case 'set-percentage': {
      noMore(1);
      // `set-percentage 5` or `set-percentage --percentage 5`: both read the same.
      const percentage = rest[0] === undefined && values.percentage !== undefined
        ? parsePercentage(values.percentage, '--percentage')
        : parsePercentage(rest[0], 'set-percentage N');
      edit = { kind: 'set-percentage', percentage };
      args = { percentage };
      break;
    }
    case 'allow':
    case 'disallow': {
      if (rest.length === 0) throw new UsageError(`${action} needs at least one VALUE (of --attribute ${attribute})`, 'flags');
      edit = { kind: action, attribute, values: rest };
      args = { attribute, values: rest };
      break;
    }
    default:
      noMore(0);
      edit = { kind: action as 'kill' | 'unkill' };
      args = {};
  }
  const actor = resolveActor(io, values.actor, 'flags');
  const report = await editFlagsFile({
    flagsPath: resolveInputPath(io, values.flags),
    auditPath: auditLogPath(io, values.flags, values['audit-log'], 'flags'),
    flagKey,
    edit,
    args,
    actor,
    reason: values.reason ?? null,
    allowRampDown: values['allow-ramp-down'] === true,
    dryRun: values['dry-run'] === true,
    ...(values.out === undefined ? {} : { outPath: resolveInputPath(io, values.out) }),
  });
  printReport(io, flagKey, action, report, format, values['dry-run'] === true, values.out);
  return ExitCode.OK;
}

function printReport(io: Io, flagKey: string, action: string, report: EditReport, format: string, dryRun: boolean, out: string | undefined): void {
  if (format === 'json') {
    const entry = report.entry === undefined ? null : { seq: report.entry.seq, hash: report.entry.hash };
    io.stdout.write(`${JSON.stringify({ flag: flagKey, action, dryRun, out: out ?? null, changed: report.changes.length > 0, changes: report.changes, takesAccessAway: report.takesAccessAway ?? null, notes: report.notes, auditEntry: entry })}\n`);
    return;
  }
  for (const note of report.notes) io.stderr.write(`note: ${note}\n`);
  if (report.takesAccessAway !== undefined) io.stderr.write(`warning: this edit takes access away: ${report.takesAccessAway}\n`);
  if (report.changes.length === 0) {
    io.stdout.write(`${flagKey}: ${action}: nothing to change; nothing written\n`);
    return;
  }
  const lines = report.changes.map((c) => `  ${c.path}: ${c.before === undefined ? '(absent)' : JSON.stringify(c.before)} -> ${c.after === undefined ? '(removed)' : JSON.stringify(c.after)}`);
  const tail = dryRun
    ? 'dry run: nothing written'
    : out !== undefined
      ? `wrote the edited document to ${out} (the flags file and the audit log are unchanged)`
      : `written; audit entry #${report.entry?.seq} by ${report.entry?.actor}`;
  io.stdout.write(`${flagKey}: ${action}\n${lines.join('\n')}\n${tail}\n`);
}

async function show(io: Io, flagsFile: string, flagKey: string | undefined, format: string, rest: string[]): Promise<number> {
  if (rest.length > 0) throw new UsageError(`show takes no arguments (unexpected "${rest[0]}")`, 'flags');
  const doc = await loadDefinitions(io, flagsFile, 'flagd', '--flags');
  const keys = flagKey === undefined ? [...doc.flags.keys()] : [flagKey];
  const summaries = [];
  for (const key of keys) {
    const flag = doc.flags.get(key);
    if (flag === undefined) throw new InputError('FLAG_NOT_FOUND', `--flag: no flag "${key}" in ${flagsFile} (flags: ${[...doc.flags.keys()].join(', ')})`);
    const rollout = rolloutOf(flag.targeting);
    if (rollout === undefined) {
      if (flagKey !== undefined) throw new InputError('NO_ROLLOUT', `flag "${key}" has no rollout block`);
      continue;
    }
    summaries.push(summarizeRollout(flag, rollout.spec));
  }
  if (format === 'json') io.stdout.write(`${JSON.stringify(flagKey === undefined ? summaries : summaries[0])}\n`);
  else io.stdout.write(summaries.length === 0 ? 'no flag has a rollout block\n' : `${summaries.map(formatRolloutSummary).join('\n\n')}\n`);
  return ExitCode.OK;
}
