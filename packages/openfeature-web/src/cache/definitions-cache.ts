// The definitions document persisted between page loads, behind a cache that never throws.
import type { Result } from '@rollgate/core';
import { StorageFailedError } from '../errors/storage-failed-error.js';
import type { KeyValueStorage } from './key-value-storage.js';

/** One cached definitions document. */
export interface CachedDefinitions {
  /** The parsed document, exactly as fetched or bootstrapped. */
  document: unknown;
  /** The URL's ETag, sent back as If-None-Match; absent for a bootstrapped document. */
  etag: string | undefined;
  /** Epoch ms when the document was last known current (stored, or confirmed by a 304). */
  storedAt: number;
}

const FORMAT_VERSION = 1;

/**
 * Failure contract: every method returns an error value instead of throwing. A failed read is a
 * cache miss (a corrupt entry is also removed, so it is reported once, not on every page load);
 * a failed write leaves evaluation serving the in-memory document. A full storage
 * (QuotaExceededError) gets one retry after removing this cache's own previous entry.
 */
export class DefinitionsCache {
  private storage: KeyValueStorage | undefined;
  private resolved = false;

  constructor(
    private readonly getStorage: () => KeyValueStorage | undefined,
    readonly key: string,
  ) {}

  read(): Result<CachedDefinitions | undefined, StorageFailedError> {
    const storage = this.open();
    if (!storage.ok) return storage;
    if (storage.value === undefined) return { ok: true, value: undefined };
    let text: string | null;
    try {
      text = storage.value.getItem(this.key);
    } catch (cause) {
      return { ok: false, error: new StorageFailedError('read', this.key, describe(cause), { cause }) };
    }
    if (text === null) return { ok: true, value: undefined };
    const entry = decode(text);
    if (entry === undefined) {
      this.remove(storage.value);
      return { ok: false, error: new StorageFailedError('corrupt', this.key, 'the cached entry is not a Rollgate definitions entry; removed it') };
    }
    return { ok: true, value: entry };
  }

  write(entry: CachedDefinitions): Result<void, StorageFailedError> {
    const storage = this.open();
    if (!storage.ok) return storage;
    if (storage.value === undefined) return { ok: true, value: undefined };
    const text = JSON.stringify({ v: FORMAT_VERSION, storedAt: entry.storedAt, etag: entry.etag ?? null, document: entry.document });
    try {
      storage.value.setItem(this.key, text);
      return { ok: true, value: undefined };
    } catch (first) {
      // Full: our own previous entry is usually the biggest thing we can free.
      this.remove(storage.value);
      try {
        storage.value.setItem(this.key, text);
        return { ok: true, value: undefined };
      } catch (cause) {
        return { ok: false, error: new StorageFailedError('write', this.key, describe(cause ?? first), { cause }) };
      }
    }
  }

  private open(): Result<KeyValueStorage | undefined, StorageFailedError> {
    if (this.resolved) return { ok: true, value: this.storage };
    this.resolved = true;
    try {
      this.storage = this.getStorage();
      return { ok: true, value: this.storage };
    } catch (cause) {
      return { ok: false, error: new StorageFailedError('access', this.key, `storage unavailable: ${describe(cause)}`, { cause }) };
    }
  }

  private remove(storage: KeyValueStorage): void {
    try {
      storage.removeItem(this.key);
    } catch {
      // Nothing more to do: the next write reports the storage's state.
    }
  }
}

function decode(text: string): CachedDefinitions | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  if (record.v !== FORMAT_VERSION || typeof record.storedAt !== 'number' || !Number.isFinite(record.storedAt)) return undefined;
  if (record.document === undefined || record.document === null) return undefined;
  if (record.etag !== null && typeof record.etag !== 'string') return undefined;
  return { document: record.document, etag: record.etag ?? undefined, storedAt: record.storedAt };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
