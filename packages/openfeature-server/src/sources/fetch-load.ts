// The http source's transport when the app passes its own `fetch`.
import type { LoadOutcome } from './definition-source.js';
import { classifyStatus, fetchFailure, tooLarge } from './http-outcomes.js';
import { readCappedBody } from './read-capped-body.js';

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
    const body = await readCappedBody(response, maxBytes);
    if (body === undefined) return { status: 'failed', failure: tooLarge(where, maxBytes) };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return { status: 'failed', failure: { kind: 'transient', code: 'BAD_ENCODING', message: `${where}: body is not UTF-8` } };
    }
    const etag = response.headers.get('etag');
    return etag === null ? { status: 'loaded', text } : { status: 'loaded', text, validator: etag };
  } catch (error) {
    return fetchFailure(error, where, timeout, outer, timeoutMs);
  }
}
