// Reading a fetch Response body with a size cap, shared by the fetch transport and PostHog remote.

/**
 * The body's bytes, or `undefined` once they pass `maxBytes`: reading stops there and the stream
 * is cancelled, so an endless or oversized body costs at most `maxBytes` of memory (a
 * content-length header can lie or be absent). A response without a body reads as empty.
 * Rejects only as the body's stream does (network error, abort); the caller classifies that.
 */
export async function readCappedBody(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  if (response.body === null) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
