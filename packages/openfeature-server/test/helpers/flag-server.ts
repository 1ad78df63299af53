// A real HTTP server on 127.0.0.1 (random port) that serves definitions and misbehaves on demand.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Behaviour =
  /** 200 with `body`; answers 304 when the request's If-None-Match equals `etag`. */
  | {
      kind: 'json';
      body: string;
      etag?: string;
      delayMs?: number;
      /** Answer only once this settles: lets a test read "before the answer" without racing a timer. */
      hold?: Promise<unknown>;
    }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Exact bytes. */
  | { kind: 'raw'; status: number; body: Buffer }
  /** 200 and a body that never ends. */
  | { kind: 'endless' }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Drops the connection without a response. */
  | { kind: 'destroy' };

export interface RecordedRequest {
  url: string;
  headers: IncomingMessage['headers'];
}

export interface FlagServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Highest number of requests handled at the same time. */
  readonly maxConcurrent: number;
  /** TCP connections accepted so far. */
  readonly connections: number;
  behave(behaviour: Behaviour | ((request: IncomingMessage, index: number) => Behaviour)): void;
  close(): Promise<void>;
}

export async function startFlagServer(initial: Behaviour = { kind: 'status', status: 404 }): Promise<FlagServer> {
  let behaviour: Behaviour | ((request: IncomingMessage, index: number) => Behaviour) = initial;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let active = 0;
  let maxConcurrent = 0;
  let connections = 0;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const index = requests.length;
    requests.push({ url: request.url ?? '', headers: request.headers });
    active++;
    maxConcurrent = Math.max(maxConcurrent, active);
    response.on('close', () => active--);
    const b = typeof behaviour === 'function' ? behaviour(request, index) : behaviour;
    respond(b, request, response, timers);
  });
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/flags.json`,
    requests,
    get maxConcurrent() {
      return maxConcurrent;
    },
    get connections() {
      return connections;
    },
    behave(next) {
      behaviour = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function respond(b: Behaviour, request: IncomingMessage, response: ServerResponse, timers: Set<NodeJS.Timeout>): void {
  switch (b.kind) {
    case 'json': {
      const send = (): void => {
        if (b.etag !== undefined && request.headers['if-none-match'] === b.etag) {
          response.writeHead(304, { etag: b.etag }).end();
          return;
        }
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (b.etag !== undefined) headers['etag'] = b.etag;
        response.writeHead(200, headers).end(b.body);
      };
      if (b.hold !== undefined) {
        void b.hold.then(send, send);
      } else if (b.delayMs) {
        const timer = setTimeout(send, b.delayMs);
        timers.add(timer);
      } else send();
      return;
    }
    case 'status':
      response.writeHead(b.status, b.headers ?? {}).end(b.body ?? '');
      return;
    case 'endless': {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!response.destroyed && response.write(chunk)) {
          /* keep writing until the socket pushes back */
        }
        if (!response.destroyed) response.once('drain', pump);
      };
      response.write('{"flags": {');
      pump();
      return;
    }
    case 'raw':
      response.writeHead(b.status, { 'content-type': 'application/json' }).end(b.body);
      return;
    case 'hang':
      return;
    case 'destroy':
      request.socket.destroy();
      return;
  }
}

/** A port where nothing listens (bound, then released): connections are refused at once. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
