// A definitions URL on 127.0.0.1 whose behaviour a test controls: serve with an ETag, answer
// 304, fail, stall, or drop the connection ("cut the network").
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ServerMode = 'ok' | 'error' | 'hang' | 'destroy';

export interface DefinitionsServer {
  url: string;
  origin: string;
  /** Set what the URL serves; the ETag is derived from the body, so the same body gets a 304. */
  setDocument(document: unknown): void;
  mode: ServerMode;
  /** Hold each definitions response until `release()` (for "before any fetch completes" checks). */
  hold: boolean;
  release(): void;
  requests: { path: string; headers: IncomingHttpHeaders }[];
  responses: number;
  /** Other routes (static files in the browser test); return false to fall through to 404. */
  fallback: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  close(): Promise<void>;
}

export async function startDefinitionsServer(path = '/flags.json'): Promise<DefinitionsServer> {
  let body = '{}';
  let etag = '"0"';
  let waiting: (() => void)[] = [];
  const state: DefinitionsServer = {
    url: '',
    origin: '',
    mode: 'ok',
    hold: false,
    requests: [],
    responses: 0,
    fallback: undefined,
    setDocument(document) {
      body = JSON.stringify(document);
      etag = `"${hash(body)}"`;
    },
    release() {
      state.hold = false;
      const queued = waiting;
      waiting = [];
      for (const resume of queued) resume();
    },
    close: () => new Promise((resolve) => {
      state.release();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== path) {
      if (state.fallback?.(req, res) === true) return;
      res.writeHead(404).end();
      return;
    }
    state.requests.push({ path: url.pathname, headers: req.headers });
    const answer = () => {
      if (state.mode === 'hang') return;
      if (state.mode === 'destroy') {
        req.socket.destroy();
        return;
      }
      state.responses += 1;
      if (state.mode === 'error') {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable');
        return;
      }
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', etag, 'cache-control': 'no-cache' }).end(body);
    };
    if (state.hold) waiting.push(answer);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.origin = `http://127.0.0.1:${port}`;
  state.url = `${state.origin}${path}`;
  return state;
}

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}
