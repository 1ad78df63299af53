// Reading and appending the audit log file (the I/O around the pure builder and verifier).
import { syncDirectory } from '@rollgate/openfeature-server/write-file-atomic';
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { serializeAuditEntry, type AuditEntry, type ChainHead } from './audit-entry.js';
import { verifyAuditLog } from './verify-audit-log.js';

/** The log's text, or '' when it does not exist yet. */
export async function readAuditLog(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/**
 * Appends the entry `build` makes from the log's last entry, and fsyncs it. The caller holds the
 * edit lock, so no other writer races between reading the head and appending.
 *
 * The new entry chains to the last entry as written (even one that fails verification), so one bad
 * line never hides the entries after it. If the log ends in a torn line (a crash mid-append), a
 * newline is written first: the fragment stays visible to `audit verify` instead of being
 * merged into, or overwritten by, the new entry.
 */
export async function appendAuditEntry(path: string, build: (head: ChainHead | undefined) => AuditEntry): Promise<AuditEntry> {
  const text = await readAuditLog(path);
  const { parsed } = verifyAuditLog(text);
  const last = parsed[parsed.length - 1]?.entry;
  const entry = build(last === undefined ? undefined : { seq: last.seq, hash: last.hash });
  const prefix = text !== '' && !text.endsWith('\n') ? '\n' : '';
  const handle = await open(path, 'a');
  try {
    await handle.writeFile(`${prefix}${serializeAuditEntry(entry)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (text === '') await syncDirectory(dirname(path));
  return entry;
}
