// Builds the demo with Vite into a temp dir and serves it on 127.0.0.1 next to the definitions
// URL; `?ssr=1` plays the server render that inlines the bootstrap.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serializeBootstrap } from '@rollgate/openfeature-web';
import { startDefinitionsServer, type DefinitionsServer } from './definitions-server.js';

const demoDir = fileURLToPath(new URL('../../demo/', import.meta.url));
const packagesDir = fileURLToPath(new URL('../../../', import.meta.url));
const PLACEHOLDER = '<!--rollgate-bootstrap-->';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export interface DemoServer extends DefinitionsServer {
  /** The document the URL serves and `?ssr=1` inlines. */
  document: unknown;
  dispose(): Promise<void>;
}

export async function buildDemo(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'rollgate-web-demo-'));
  await build({
    root: demoDir,
    configFile: false,
    logLevel: 'warn',
    resolve: {
      alias: [
        { find: /^@rollgate\/([a-z-]+)\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/$2.ts` },
        { find: /^@rollgate\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
      ],
    },
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: true },
  });
  return outDir;
}

export async function serveDemo(outDir: string, document: unknown): Promise<DemoServer> {
  const server = (await startDefinitionsServer('/flags.json')) as DemoServer;
  server.document = document;
  server.setDocument(document);
  const html = await readFile(join(outDir, 'index.html'), 'utf8');
  if (!html.includes(PLACEHOLDER)) throw new Error(`the built demo lost its ${PLACEHOLDER} placeholder`);
  server.fallback = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const inline =
        url.searchParams.get('ssr') === '1'
          ? `<script type="application/json" id="rollgate-bootstrap">${serializeBootstrap({ definitions: server.document })}</script>`
          : '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html.replace(PLACEHOLDER, inline));
      return true;
    }
    const file = normalize(join(outDir, url.pathname));
    if (!file.startsWith(outDir)) return false;
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
    return true;
  };
  server.dispose = async () => {
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  };
  return server;
}
