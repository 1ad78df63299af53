// What the exposure path's two open-addressing tables (TripleSet, ExposureMemory) share: how big a
// table may grow and how a key's 32-bit hash is finished.

/**
 * Slot counts of one table that holds at most `capacity` entries at half load: it starts with
 * `initial` slots and doubles up to `max`, a power of two at least twice `capacity` (16 at least).
 */
export function slotBounds(capacity: number): { initial: number; max: number } {
  let max = 16;
  while (max < capacity * 2) max *= 2;
  return { initial: Math.min(max, 1024), max };
}

/** FNV-1a over a string's UTF-16 code units, continuing from `h`. */
export function fnv1a(h: number, s: string): number {
  for (let i = 0; i < s.length; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** FNV-1a's starting value. */
export const FNV_OFFSET = 0x811c9dc5 | 0;

/**
 * murmur3's fmix32 avalanche over an FNV-1a hash (linear probing uses the low bits, which FNV
 * alone mixes poorly); never 0, which marks an empty slot.
 */
export function finishHash(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h === 0 ? 1 : h;
}
