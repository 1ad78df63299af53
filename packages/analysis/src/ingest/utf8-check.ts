import { isUtf8 } from 'node:buffer';

/**
 * Whether a byte stream is valid UTF-8, fed chunk by chunk (Node's `isUtf8`, simdutf: far faster
 * than decoding). A character split between two chunks is held back and checked whole with the
 * next one; a stream that ends inside a character is invalid.
 */
export class Utf8Check {
  private ok = true;
  private carry: Buffer | undefined;

  push(chunk: Buffer): void {
    if (!this.ok) return;
    let rest = chunk;
    if (this.carry !== undefined) {
      const need = sequenceLength(this.carry[0]!) - this.carry.length;
      const joined = Buffer.concat([this.carry, rest.subarray(0, need)]);
      rest = rest.subarray(need);
      if (joined.length < sequenceLength(joined[0]!)) {
        this.carry = joined;
        return;
      }
      this.carry = undefined;
      if (!isUtf8(joined)) {
        this.ok = false;
        return;
      }
    }
    const tail = incompleteTail(rest);
    if (!isUtf8(rest.subarray(0, rest.length - tail))) this.ok = false;
    else if (tail > 0) this.carry = Buffer.from(rest.subarray(rest.length - tail));
  }

  /** The verdict once every chunk was pushed. */
  end(): boolean {
    return this.ok && this.carry === undefined;
  }
}

/** Bytes of the character a lead byte starts (1 for a byte that cannot lead: isUtf8 rejects it). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf7) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

/** How many bytes at the end of `bytes` start a character that continues past it. */
function incompleteTail(bytes: Buffer): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && back <= end; back++) {
    const byte = bytes[end - back]!;
    if ((byte & 0xc0) !== 0x80) return sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}
