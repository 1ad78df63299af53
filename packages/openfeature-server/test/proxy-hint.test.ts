// The default transports connect directly; when that fails while HTTPS_PROXY (or the like) is set,
// the failure says so, instead of leaving a user behind a proxy with a bare ECONNREFUSED.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpSource, PosthogRemoteSource } from '@rollgate/openfeature-server';
import { proxyVariableFor } from '../src/sources/proxy-hint.js';

describe('proxyVariableFor', () => {
  const https = new URL('https://flags.example.com/flags.json');
  const http = new URL('http://flags.example.com:8080/flags.json');

  it('picks the variable of the URL scheme, lowercase first, then ALL_PROXY; empty values do not count', () => {
    expect(proxyVariableFor(https, { HTTPS_PROXY: 'http://proxy:3128' })).toBe('HTTPS_PROXY');
    expect(proxyVariableFor(https, { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2' })).toBe('https_proxy');
    expect(proxyVariableFor(https, { HTTP_PROXY: 'http://proxy:3128' })).toBeUndefined();
    expect(proxyVariableFor(http, { HTTP_PROXY: 'http://proxy:3128' })).toBe('HTTP_PROXY');
    expect(proxyVariableFor(http, { ALL_PROXY: 'socks5://proxy:1080' })).toBe('ALL_PROXY');
    expect(proxyVariableFor(https, { HTTPS_PROXY: '' })).toBeUndefined();
    expect(proxyVariableFor(https, {})).toBeUndefined();
  });

  it('honours NO_PROXY: *, the host, a domain it is under (with or without a leading dot or *.), ports ignored', () => {
    const env = (noProxy: string) => ({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: noProxy });
    for (const noProxy of ['*', 'flags.example.com', 'example.com', '.example.com', '*.example.com', 'localhost, example.com:443', 'EXAMPLE.COM']) {
      expect(proxyVariableFor(https, env(noProxy)), noProxy).toBeUndefined();
    }
    for (const noProxy of ['', 'other.com', 'ample.com', 'flags.example.co']) {
      expect(proxyVariableFor(https, env(noProxy)), noProxy).toBe('HTTPS_PROXY');
    }
    const v6 = new URL('http://[::1]:8080/');
    for (const noProxy of ['::1', '[::1]', '[::1]:8080']) expect(proxyVariableFor(v6, { HTTP_PROXY: 'http://p:1', no_proxy: noProxy }), noProxy).toBeUndefined();
    expect(proxyVariableFor(v6, { HTTP_PROXY: 'http://p:1', no_proxy: '::2' })).toBe('HTTP_PROXY');
  });
});

describe('a direct request that fails while a proxy variable is set', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  /** An http origin on 127.0.0.1 that refuses connections (a port just released). */
  async function refusedOrigin(): Promise<string> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${port}`;
  }

  const load = (source: { load: HttpSource['load'] }) => source.load({ validator: undefined, signal: new AbortController().signal });

  it('says the variable was set and the request went direct (node:http transport and PostHog remote)', async () => {
    const origin = await refusedOrigin();
    process.env.HTTP_PROXY = 'http://127.0.0.1:9';
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    for (const source of [new HttpSource({ url: `${origin}/flags.json` }), new PosthogRemoteSource({ projectKey: 'phc', distinctId: 'u', host: origin })]) {
      const outcome = await load(source);
      expect(outcome.status).toBe('failed');
      if (outcome.status !== 'failed') continue;
      expect(outcome.failure.code).toBe('NETWORK');
      expect(outcome.failure.message).toContain('ECONNREFUSED');
      expect(outcome.failure.message).toContain('HTTP_PROXY is set, but this request went direct');
    }
  });

  it('says nothing more when NO_PROXY exempts the host, when no variable is set, or with an app-supplied fetch', async () => {
    const origin = await refusedOrigin();
    const messages: string[] = [];
    const collect = async (source: { load: HttpSource['load'] }) => {
      const outcome = await load(source);
      if (outcome.status === 'failed') messages.push(outcome.failure.message);
    };
    process.env.HTTP_PROXY = 'http://127.0.0.1:9';
    process.env.NO_PROXY = 'localhost,127.0.0.1';
    await collect(new HttpSource({ url: `${origin}/flags.json` }));
    delete process.env.NO_PROXY;
    await collect(new HttpSource({ url: `${origin}/flags.json`, fetch: globalThis.fetch }));
    await collect(new PosthogRemoteSource({ projectKey: 'phc', distinctId: 'u', host: origin, fetch: globalThis.fetch }));
    delete process.env.HTTP_PROXY;
    await collect(new HttpSource({ url: `${origin}/flags.json` }));
    expect(messages).toHaveLength(4);
    for (const message of messages) expect(message).not.toContain('PROXY');
  });

  it('says nothing more when the server answered and the body was cut off (both transports) or stalled midway: the direct connection worked', async () => {
    let stall = false;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"flags":');
      if (!stall) setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      process.env.HTTP_PROXY = 'http://127.0.0.1:9';
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const sources = [new HttpSource({ url: `${origin}/flags.json` }), new PosthogRemoteSource({ projectKey: 'phc', distinctId: 'u', host: origin })];
      const failures: string[] = [];
      for (const source of sources) {
        const outcome = await load(source);
        if (outcome.status === 'failed') failures.push(`${outcome.failure.code}: ${outcome.failure.message}`);
      }
      // and a body that stalls until the time limit
      stall = true;
      const stalled = await load(new HttpSource({ url: `${origin}/flags.json`, requestTimeoutMs: 200 }));
      if (stalled.status === 'failed') failures.push(`${stalled.failure.code}: ${stalled.failure.message}`);
      expect(failures).toHaveLength(3);
      expect(failures[0]).toContain('body interrupted');
      expect(failures[1]).toMatch(/^NETWORK: /);
      expect(failures[2]).toMatch(/^TIMEOUT: /);
      for (const failure of failures) expect(failure).not.toContain('PROXY');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
