// A stand-in for PostHog on 127.0.0.1: serves local-evaluation definitions to posthog-node and
// accepts (and drops) everything else it sends.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DefinitionsServer {
  url: string;
  requests: { path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

export async function startDefinitionsServer(definitions: unknown): Promise<DefinitionsServer> {
  const requests: DefinitionsServer['requests'] = [];
  const body = JSON.stringify(definitions);
  const server: Server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    req.on('end', () => {
      if ((req.url ?? '').startsWith('/flags/definitions') || (req.url ?? '').startsWith('/api/feature_flag/local_evaluation')) {
        res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' });
        res.end(body);
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
