// UTF-8 encoding into reusable memory, for hashing: PostHog hashes the `TextEncoder` bytes of
// its bucketing strings, and encoding them ourselves needs neither an allocation per call nor
// the async Web Crypto API.

/** A growable byte buffer holding the UTF-8 encoding of one string at a time. */
export class Utf8Buffer {
  /** The bytes; only `[0, length)` is meaningful. */
  bytes: Uint8Array = new Uint8Array(64);
  length = 0;

  /**
   * Replaces the content with the UTF-8 bytes of `text`. Lone surrogates become U+FFFD
   * (EF BF BD), as `TextEncoder` encodes them, so the hash matches posthog-node's.
   */
  set(text: string): void {
    const n = text.length;
    // At most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    if (this.bytes.length < n * 3) this.bytes = new Uint8Array(n * 3 + 64);
    const out = this.bytes;
    let p = 0;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
      if (c < 0x80) {
        out[p++] = c;
      } else if (c < 0x800) {
        out[p++] = 0xc0 | (c >> 6);
        out[p++] = 0x80 | (c & 63);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
          if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
            i++;
            out[p++] = 0xf0 | (c >> 18);
            out[p++] = 0x80 | ((c >> 12) & 63);
            out[p++] = 0x80 | ((c >> 6) & 63);
            out[p++] = 0x80 | (c & 63);
            continue;
          }
          c = 0xfffd;
        }
        out[p++] = 0xe0 | (c >> 12);
        out[p++] = 0x80 | ((c >> 6) & 63);
        out[p++] = 0x80 | (c & 63);
      }
    }
    this.length = p;
  }
}

/** The UTF-8 bytes of `text` in an array of their own (for constants encoded once). */
export function utf8Bytes(text: string): Uint8Array {
  const buffer = new Utf8Buffer();
  buffer.set(text);
  return buffer.bytes.slice(0, buffer.length);
}
