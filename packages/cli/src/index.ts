// The `rollgate` package's programmatic surface: run the command line in-process.
export { main } from './main.js';
export type { Io, TextWriter } from './io.js';
export { processIo } from './io.js';
export { CliError, ExitCode } from './errors/cli-error.js';
export { UsageError } from './errors/usage-error.js';
export { InputError } from './errors/input-error.js';
export type { CommandEntry, CommandModule } from './commands/index.js';

// Safe flag edits and the audit log, for an admin surface that edits definitions in-process.
export { editFlagsFile } from './rollout/edit-flags-file.js';
export type { EditReport, EditRequest } from './rollout/edit-flags-file.js';
export { RampDownRefused } from './errors/ramp-down-refused.js';
export { buildAuditEntry, entryHash, GENESIS_HASH, serializeAuditEntry } from './audit/audit-entry.js';
export type { AuditEntry, AuditEntryInput, ChainHead } from './audit/audit-entry.js';
export { verifyAuditLog } from './audit/verify-audit-log.js';
export type { AuditProblem, AuditProblemKind, AuditVerification } from './audit/verify-audit-log.js';
export { appendAuditEntry, readAuditLog } from './audit/audit-log-file.js';
export { withFileLock, type FileLockOptions } from './fs/file-lock.js';
