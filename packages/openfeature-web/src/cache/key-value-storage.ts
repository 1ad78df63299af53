/**
 * The part of the Web Storage API the cache uses; `window.localStorage` satisfies it, and tests
 * pass fakes that are full, corrupt or throw on access.
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * `globalThis.localStorage`, or `undefined` where it does not exist or its getter throws
 * (Safari private mode, cookies blocked, sandboxed iframes).
 */
export function defaultLocalStorage(): KeyValueStorage | undefined {
  try {
    const storage = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
    return storage ?? undefined;
  } catch {
    return undefined;
  }
}
