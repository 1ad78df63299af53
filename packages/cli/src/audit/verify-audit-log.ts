// Checks an audit log's hash chain and says which line is edited, removed, out of order or torn.
import { entryHash, GENESIS_HASH, type AuditEntry, type ChainHead } from './audit-entry.js';

export type AuditProblemKind = 'torn' | 'invalid' | 'edited' | 'removed' | 'reordered';

export interface AuditProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly kind: AuditProblemKind;
  readonly message: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  /** Entries that parsed (valid or not). */
  readonly entries: number;
  /** The last entry that verified, which the next append chains to. */
  readonly head: ChainHead | undefined;
  readonly problems: readonly AuditProblem[];
  /** Parsed entries with their line numbers, for `audit log` and for checking the flags file. */
  readonly parsed: readonly { line: number; entry: AuditEntry }[];
}

function looksLikeEntry(v: unknown): v is AuditEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e['seq'] === 'number' && typeof e['hash'] === 'string' && typeof e['prevHash'] === 'string';
}

/**
 * Verifies the text of an audit log (JSON lines). Every entry must carry the SHA-256 of its own
 * content (`hash`), point at the previous entry's hash (`prevHash`), and number itself one more
 * than the previous (`seq`). Findings, each naming its line:
 * - `torn`: the last line is incomplete (an append interrupted by a crash);
 * - `invalid`: a line in the middle is not a JSON entry;
 * - `edited`: an entry's content no longer matches its hash;
 * - `removed`: entries are missing before this line (a gap in `seq` or, at the start, a first
 *   entry that is not #1);
 * - `reordered`: the chain link is broken without a gap (an entry was replaced, rehashed or moved).
 * Entries removed from the END cannot be seen from the log alone: compare the head hash with a
 * copy kept elsewhere, or check the flags file against the last entry (`audit verify --flags`).
 */
export function verifyAuditLog(text: string): AuditVerification {
  const problems: AuditProblem[] = [];
  const parsed: { line: number; entry: AuditEntry }[] = [];
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  let head: ChainHead | undefined;
  let previous: AuditEntry | undefined;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const last = index === lines.length - 1;
    if (raw.trim() === '') {
      if (!(last && !endsWithNewline)) problems.push({ line, kind: 'invalid', message: `line ${line}: empty line` });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    if (!looksLikeEntry(value)) {
      const torn = last && !endsWithNewline;
      problems.push(
        torn
          ? { line, kind: 'torn', message: `line ${line}: torn entry (the last line is incomplete: an append was interrupted)` }
          : { line, kind: 'invalid', message: `line ${line}: not an audit entry (${value === undefined ? 'not valid JSON: torn or edited' : 'missing seq/hash/prevHash'})` },
      );
      return;
    }
    const entry = value;
    parsed.push({ line, entry });
    const selfOk = entryHash(entry) === entry.hash;
    if (!selfOk) problems.push({ line, kind: 'edited', message: `line ${line} (entry #${entry.seq}): edited: its content no longer matches its hash` });
    const expectedSeq = previous === undefined ? 1 : previous.seq + 1;
    const expectedPrev = previous === undefined ? GENESIS_HASH : previous.hash;
    if (entry.seq > expectedSeq) {
      const missing = entry.seq - expectedSeq;
      const where = previous === undefined ? 'at the start of the log' : `between entry #${previous.seq} and #${entry.seq}`;
      problems.push({ line, kind: 'removed', message: `line ${line} (entry #${entry.seq}): ${missing} entr${missing === 1 ? 'y' : 'ies'} removed ${where}` });
    } else if (entry.prevHash !== expectedPrev || entry.seq < expectedSeq) {
      problems.push({
        line,
        kind: 'reordered',
        message: `line ${line} (entry #${entry.seq}): does not follow ${previous === undefined ? 'the start of the log' : `entry #${previous.seq} on line ${parsed[parsed.length - 2]?.line}`} (its prevHash or seq does not match: an entry before it was replaced, rehashed or moved)`,
      });
    }
    if (selfOk) head = { seq: entry.seq, hash: entry.hash };
    previous = entry;
  });
  return { ok: problems.length === 0, entries: parsed.length, head, problems, parsed };
}
