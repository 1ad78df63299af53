// The audit log's record: one JSON line per flag edit, chained by SHA-256 so an edited, removed or
// torn entry shows. A pure builder: the caller supplies the time and the previous entry.
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonChange, type JsonValue } from '@rollgate/core';

/** Format version of an entry; a change of fields or hashing gets a new number. */
export const AUDIT_ENTRY_VERSION = 1;

/** `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the editor knows about one edit. */
export interface AuditEntryInput {
  /** ISO 8601 UTC, e.g. `2026-11-21T01:40:00.000Z`. */
  readonly time: string;
  readonly actor: string;
  /** Why, in the editor's words; `null` when none was given. */
  readonly reason: string | null;
  /** The definitions file, relative to the audit log's directory. */
  readonly file: string;
  readonly flag: string;
  /** The edit, e.g. `set-percentage`. */
  readonly action: string;
  /** The edit's arguments, e.g. `{ "percentage": 25 }`. */
  readonly args: Readonly<Record<string, JsonValue>>;
  /** Field-level before/after, with JSON paths into the document. */
  readonly changes: readonly JsonChange[];
  /** Set when the edit took access away from someone (a ramp-down, a disallow, a kill). */
  readonly takesAccessAway: string | null;
  /** SHA-256 (hex) of the file's bytes before and after the edit. */
  readonly fileHashBefore: string;
  readonly fileHashAfter: string;
}

export interface AuditEntry extends AuditEntryInput {
  readonly v: number;
  /** 1, 2, 3, ...: a gap shows removed entries even where the chain is rebuilt. */
  readonly seq: number;
  readonly prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  readonly hash: string;
}

/** The last entry of a log, which the next one chains to. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The hash an entry must carry: SHA-256 of the canonical JSON of the entry without `hash`. */
export function entryHash(entry: Omit<AuditEntry, 'hash'> | AuditEntry): string {
  const { hash: _ignored, ...rest } = entry as AuditEntry;
  return sha256Hex(canonicalJson(rest as unknown as JsonValue));
}

/**
 * Builds the next entry of the chain after `head` (undefined for an empty log).
 *
 * @example buildAuditEntry({ time: '2026-01-01T00:00:00.000Z', actor: 'ana', ... }, undefined).seq === 1
 */
export function buildAuditEntry(input: AuditEntryInput, head: ChainHead | undefined): AuditEntry {
  const unsigned = {
    v: AUDIT_ENTRY_VERSION,
    seq: head === undefined ? 1 : head.seq + 1,
    ...input,
    changes: input.changes.map((c) => ({ ...c })),
    prevHash: head === undefined ? GENESIS_HASH : head.hash,
  };
  return { ...unsigned, hash: entryHash(unsigned) };
}

/** One line of the log (no trailing newline). */
export function serializeAuditEntry(entry: AuditEntry): string {
  return JSON.stringify(entry);
}
