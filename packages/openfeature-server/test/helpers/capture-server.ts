// A PostHog capture endpoint on 127.0.0.1 (random port): records each /batch/ body, gunzipped and parsed.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (after gunzip when Content-Encoding is gzip). */
  body: { api_key: string; batch: Array<Record<string, unknown>>; sent_at: string } & Record<string, unknown>;
  /** The status the server answered with. */
  status: number;
}

export interface CaptureServer {
  /** `http://127.0.0.1:<port>` (stays the same after `stop()`, which makes it refuse connections). */
  readonly url: string;
  readonly requests: CapturedRequest[];
  /** Every event of every answered-2xx request, in arrival order. */
  accepted(): Array<Record<string, unknown>>;
  /** Requests whose client gave up (closed the connection) before an answer came. */
  readonly abandoned: number;
  /** Status for the next requests (default 200; 0 = never answer); a function picks per request index. */
  respondWith(status: number | ((index: number) => number)): void;
  /** Stops listening: from now on connections to `url` are refused (capture "down"). */
  stop(): Promise<void>;
}

export async function startCaptureServer(): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  let status: number | ((index: number) => number) = 200;
  const sockets = new Set<Socket>();
  let abandoned = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const text = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const index = requests.length;
      const code = typeof status === 'function' ? status(index) : status;
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: JSON.parse(text), status: code });
      if (code === 0) {
        response.on('close', () => {
          abandoned += 1;
        });
        return;
      }
      response.writeHead(code, { 'content-type': 'application/json' });
      response.end(code < 300 ? '{"status":"Ok"}' : '{"error":"test"}');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get abandoned() {
      return abandoned;
    },
    accepted: () => requests.filter((r) => r.status < 300).flatMap((r) => r.body.batch),
    respondWith(next) {
      status = next;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens (connections refused). */
export async function downUrl(): Promise<string> {
  const server = await startCaptureServer();
  await server.stop();
  return server.url;
}
