// The http source's transport when the app passes its own `fetch`.
import type { LoadOutcome } from './definition-source.js';
import { classifyStatus, tooLarge, transient } from './http-outcomes.js';

/** One conditional GET through `fetchImpl`, classified like the node:http transport. Never rejects. */
export async function loadWithFetch(
  fetchImpl: typeof fetch,
  url: URL,
  headers: Record<string, string>,
  outer: AbortSignal,
  timeoutMs: number,
  maxBytes: number,
  where: string,
): Promise<LoadOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([outer, timeout]);
  try {
    const response = await fetchImpl(url, { headers, signal, redirect: 'follow' });
    if (response.status === 304) {
      await response.body?.cancel().catch(() => {});
      return { status: 'not-modified' };
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      return { status: 'failed', failure: classifyStatus(response.status, where, response.headers.get('retry-after')) };
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => {});
      return { status: 'failed', failure: tooLarge(where, maxBytes) };
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          await reader.cancel().catch(() => {});
          return { status: 'failed', failure: tooLarge(where, maxBytes) };
        }
        chunks.push(value);
      }
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    } catch {
      return { status: 'failed', failure: { kind: 'transient', code: 'BAD_ENCODING', message: `${where}: body is not UTF-8` } };
    }
    const etag = response.headers.get('etag');
    return etag === null ? { status: 'loaded', text } : { status: 'loaded', text, validator: etag };
  } catch (error) {
    if (timeout.aborted) return transient('TIMEOUT', `${where}: no complete answer within ${timeoutMs} ms`);
    if (outer.aborted) return transient('ABORTED', `${where}: aborted`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return transient('NETWORK', `${where}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
}
