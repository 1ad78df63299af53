// Issue 10 guarantees: the compared side never changes what the app sees, never exposes, never
// writes the primary's cache. Through the real OpenFeature server SDK.
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { OpenFeature, type EvaluationDetails, type FlagValue, type Provider } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RollgateProvider, ShadowProvider, shadowAccountingHolds } from '@rollgate/openfeature-server';
import { sampleDocument } from '../helpers/documents.js';
import { startFlagServer, type FlagServer } from '../helpers/flag-server.js';
import { memoryLogger } from '../helpers/memory-logger.js';
import { domain, tempDir } from '../helpers/temp-dir.js';
import { BrokenProvider, FlakyProvider, GatedProvider } from './fake-providers.js';

let dir: ReturnType<typeof tempDir>;
let flagsFile: string;
beforeEach(() => {
  dir = tempDir('rollgate-shadow-');
  flagsFile = join(dir.path, 'flags.json');
  writeFileSync(flagsFile, sampleDocument('off'));
});
afterEach(() => dir.cleanup());

type Request = readonly [flag: string, type: 'boolean' | 'string' | 'number' | 'object', defaultValue: FlagValue, context: Record<string, string>];
const REQUESTS: readonly Request[] = [
  ['new-checkout', 'boolean', true, { targetingKey: 'u1', plan: 'pro' }],
  ['new-checkout', 'boolean', true, { targetingKey: 'u2', plan: 'free' }],
  ['button-label', 'string', 'x', { targetingKey: 'u3' }],
  ['max-retries', 'number', 0, { targetingKey: 'u4' }],
  ['theme', 'object', {}, { targetingKey: 'u5' }],
  ['missing-flag', 'boolean', false, { targetingKey: 'u6' }],
  ['button-label', 'number', 7, { targetingKey: 'u7' }], // TYPE_MISMATCH
];

async function answersThrough(provider: Provider): Promise<EvaluationDetails<FlagValue>[]> {
  const name = domain('shadow');
  await OpenFeature.setProviderAndWait(name, provider);
  const client = OpenFeature.getClient(name);
  const out: EvaluationDetails<FlagValue>[] = [];
  for (const [flag, type, def, context] of REQUESTS) {
    if (type === 'boolean') out.push(await client.getBooleanDetails(flag, def as boolean, context));
    else if (type === 'string') out.push(await client.getStringDetails(flag, def as string, context));
    else if (type === 'number') out.push(await client.getNumberDetails(flag, def as number, context));
    else out.push(await client.getObjectDetails(flag, def as never, context));
  }
  return out;
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/flags.json`;
}

describe('Guarantee: a compared side that is down, slow, hanging or throwing changes nothing the app sees', () => {
  const candidates: Record<string, () => Promise<Provider>> = {
    'down (connection refused, no cache)': async () => new RollgateProvider({ source: await closedPortUrl(), cache: false, env: {}, initTimeoutMs: 200, logger: memoryLogger() }),
    'slow (5 s per answer)': async () => new BrokenProvider('slow-5s'),
    'hanging (never answers)': async () => new BrokenProvider('hang'),
    'throwing synchronously': async () => new BrokenProvider('throw'),
    'rejecting': async () => new BrokenProvider('reject'),
  };

  for (const [label, make] of Object.entries(candidates)) {
    it(`${label}: same value, variant, reason, error code and metadata as without a shadow; every comparison SHADOW_ERROR`, async () => {
      const alone = new RollgateProvider({ source: flagsFile, env: {} });
      const baseline = await answersThrough(alone);
      await alone.onClose();

      const logger = memoryLogger();
      const shadow = new ShadowProvider({ primary: new RollgateProvider({ source: flagsFile, env: {} }), candidate: await make(), mode: 'shadow', timeoutMs: 30, env: {}, logger, closeTimeoutMs: 500 });
      const answers = await answersThrough(shadow);
      expect(answers).toEqual(baseline);
      expect(answers.map((a) => a.value)).toEqual([true, false, 'Create instance', 2, { bg: '#000', fg: '#fff' }, false, 7]);
      await shadow.whenIdle();
      const stats = shadow.stats;
      expect(stats.compared).toBe(REQUESTS.length);
      expect(stats.verdicts.SHADOW_ERROR).toBe(REQUESTS.length);
      expect(shadowAccountingHolds(stats)).toBe(true);
      await shadow.onClose();
    });
  }

  it('a candidate whose initialisation never ends delays nothing: READY and the same answers; comparisons wait (counted not-ready)', async () => {
    const alone = new RollgateProvider({ source: flagsFile, env: {} });
    const baseline = await answersThrough(alone);
    await alone.onClose();
    const candidate = new GatedProvider({ 'new-checkout': true });
    const shadow = new ShadowProvider({ primary: new RollgateProvider({ source: flagsFile, env: {} }), candidate, mode: 'shadow', env: {}, logger: memoryLogger() });
    expect(await answersThrough(shadow)).toEqual(baseline);
    expect(shadow.stats.skippedNotReady).toBe(REQUESTS.length);
    expect(shadowAccountingHolds(shadow.stats)).toBe(true);
    await shadow.onClose();
  });

  it('a comparison queue that is full drops (counted) and the app still gets every answer', async () => {
    const shadow = new ShadowProvider({ primary: new RollgateProvider({ source: flagsFile, env: {} }), candidate: new BrokenProvider('hang'), mode: 'shadow', env: {}, queueCapacity: 10, maxInFlight: 2, timeoutMs: 20, logger: memoryLogger() });
    const name = domain('shadow-full');
    await OpenFeature.setProviderAndWait(name, shadow);
    const client = OpenFeature.getClient(name);
    const values = await Promise.all(Array.from({ length: 100 }, (_, i) => client.getBooleanValue('new-checkout', true, { targetingKey: `k${i}`, plan: 'pro' })));
    expect(values).toEqual(Array(100).fill(true));
    await shadow.whenIdle();
    const stats = shadow.stats;
    expect(stats.offered).toBe(100);
    expect(stats.queued).toBe(10);
    expect(stats.droppedQueueFull).toBe(90);
    expect(stats.compared).toBe(10);
    expect(stats.timeouts).toBe(10);
    expect(shadowAccountingHolds(stats)).toBe(true);
    await shadow.onClose();
  });
});

describe('Guarantee: no exposure events from the compared side', () => {
  it('the exposure hook sees only the answering side, in shadow mode and in route mode', async () => {
    const candidateFile = join(dir.path, 'candidate.json');
    writeFileSync(candidateFile, sampleDocument('on'));
    const primaryLog = join(dir.path, 'primary-exposures.jsonl');
    const candidateLog = join(dir.path, 'candidate-exposures.jsonl');
    const primary = new RollgateProvider({ source: flagsFile, env: {}, exposure: { sink: { kind: 'file', path: primaryLog }, flushIntervalMs: 10 } });
    const candidate = new RollgateProvider({ source: candidateFile, env: {}, exposure: { sink: { kind: 'file', path: candidateLog }, flushIntervalMs: 10 } });
    const shadow = new ShadowProvider({ primary, candidate, mode: 'shadow', env: {}, logger: memoryLogger() });
    const name = domain('shadow-exposure');
    await OpenFeature.setProviderAndWait(name, shadow);
    await shadow.whenReady();
    const client = OpenFeature.getClient(name);
    for (let i = 0; i < 50; i += 1) expect(await client.getBooleanValue('new-checkout', true, { targetingKey: `user-${i}`, plan: 'free' })).toBe(false);
    await shadow.whenIdle();
    expect(shadow.stats.verdicts.DIVERGE).toBe(50);
    expect(primary.exposure!.stats.produced).toBe(50);
    expect(candidate.exposure!.stats.produced).toBe(0);

    shadow.setMode('route');
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 20; i += 1) expect(await client.getBooleanValue('new-checkout', false, { targetingKey: `route-${i}`, plan: 'free' })).toBe(true);
    await shadow.whenIdle();
    expect(shadow.stats.verdicts.DIVERGE).toBe(70); // reverse shadow: the primary is compared now
    expect(candidate.exposure!.stats.produced).toBe(20);
    expect(primary.exposure!.stats.produced).toBe(50);
    await shadow.onClose();
    const lines = (path: string): string[] => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : []);
    expect(lines(primaryLog).map((l) => JSON.parse(l).distinct_id)).toEqual(Array.from({ length: 50 }, (_, i) => `user-${i}`));
    expect(lines(candidateLog).map((l) => JSON.parse(l).distinct_id)).toEqual(Array.from({ length: 20 }, (_, i) => `route-${i}`));
  });
});

describe("Guarantee: the compared side never writes the primary's cache", () => {
  let primaryServer: FlagServer;
  let candidateServer: FlagServer;
  beforeEach(async () => {
    primaryServer = await startFlagServer({ kind: 'json', body: sampleDocument('off') });
    candidateServer = await startFlagServer({ kind: 'json', body: sampleDocument('on') });
  });
  afterEach(async () => {
    await primaryServer.close();
    await candidateServer.close();
  });

  it('1,000 comparisons and candidate refreshes leave the cache directory byte-for-byte as it was', async () => {
    const cacheDir = join(dir.path, 'cache');
    const primary = new RollgateProvider({ source: primaryServer.url, env: {}, cacheDir });
    const candidate = new RollgateProvider({ source: candidateServer.url, env: {}, cache: false });
    const shadow = new ShadowProvider({ primary, candidate, mode: 'shadow', env: {}, logger: memoryLogger() });
    const name = domain('shadow-cache');
    await OpenFeature.setProviderAndWait(name, shadow);
    await primary.whenIdle();
    await shadow.whenReady();
    const snapshot = (): string[] => readdirSync(cacheDir).map((f) => `${f}:${statSync(join(cacheDir, f)).mtimeMs}:${readFileSync(join(cacheDir, f), 'utf8').length}`);
    const before = snapshot();
    expect(before.length).toBeGreaterThan(0);
    const client = OpenFeature.getClient(name);
    for (let i = 0; i < 1000; i += 1) await client.getBooleanValue('new-checkout', true, { targetingKey: `u${i}`, plan: 'free' });
    candidateServer.behave({ kind: 'json', body: sampleDocument('off') });
    await candidate.refresh();
    await shadow.whenIdle();
    expect(shadow.stats.compared).toBe(1000);
    expect(snapshot()).toEqual(before);
    await shadow.onClose();
  });
});

describe('Lazy sides', () => {
  it('a lazy candidate is started by its first comparison (through its resolver) and compared normally', async () => {
    const candidateFile = join(dir.path, 'candidate.json');
    writeFileSync(candidateFile, sampleDocument('on'));
    const candidate = new RollgateProvider({ source: candidateFile, env: {}, lazy: true });
    const shadow = new ShadowProvider({ primary: new RollgateProvider({ source: flagsFile, env: {} }), candidate, mode: 'shadow', env: {}, logger: memoryLogger() });
    const name = domain('lazy');
    await OpenFeature.setProviderAndWait(name, shadow);
    await shadow.whenReady();
    expect(candidate.state.started).toBe(false);
    const client = OpenFeature.getClient(name);
    for (let i = 0; i < 5; i += 1) expect(await client.getBooleanValue('new-checkout', true, { targetingKey: `u${i}`, plan: 'free' })).toBe(false);
    await shadow.whenIdle();
    expect(candidate.state.started).toBe(true);
    expect(shadow.stats.verdicts).toMatchObject({ DIVERGE: 5, SHADOW_ERROR: 0 });
    await shadow.onClose();
  });
});

describe('Circuit breaker: a broken candidate is rested, its comparisons still count as SHADOW_ERROR', () => {
  it('20 failures in a row open it; the rest doubles after a failed probe; an answer closes it', async () => {
    let now = 1_000_000;
    const candidate = new FlakyProvider();
    const logger = memoryLogger();
    const shadow = new ShadowProvider({ primary: new RollgateProvider({ source: flagsFile, env: {} }), candidate, mode: 'shadow', env: {}, maxInFlight: 1, now: () => now, logger });
    const name = domain('breaker');
    await OpenFeature.setProviderAndWait(name, shadow);
    const client = OpenFeature.getClient(name);
    const burst = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i += 1) expect(await client.getBooleanValue('new-checkout', true, { targetingKey: `u${i}`, plan: 'free' })).toBe(false);
      await shadow.whenIdle();
    };
    await burst(100);
    expect(candidate.calls).toBe(20);
    expect(shadow.stats).toMatchObject({ compared: 100, thrown: 20, shortCircuited: 80, breakerOpenings: 1, verdicts: { SHADOW_ERROR: 100 } });
    expect(logger.text('warn')).toMatch(/failed 20 times in a row; it is not asked for 1000 ms/);

    now += 1000; // rest over: one probe, which fails, reopens for 2000 ms
    await burst(10);
    expect(candidate.calls).toBe(21);
    expect(shadow.stats.breakerOpenings).toBe(2);
    now += 1999;
    await burst(5);
    expect(candidate.calls).toBe(21);

    candidate.broken = false;
    now += 1;
    await burst(10);
    expect(candidate.calls).toBe(31); // the probe answered: every comparison asks again
    expect(shadow.stats.verdicts.DIVERGE).toBe(10);
    expect(shadowAccountingHolds(shadow.stats)).toBe(true);
    await shadow.onClose();
  });
});

describe('closing the shadow', () => {
  it('a candidate whose close never settles does not hang close: it is abandoned after closeTimeoutMs, logged, and the primary is closed', { timeout: 10_000 }, async () => {
    const candidate = new BrokenProvider('hang');
    candidate.onClose = () => new Promise<void>(() => undefined);
    const primary = new RollgateProvider({ source: flagsFile, env: {} });
    const logger = memoryLogger();
    const shadow = new ShadowProvider({ primary, candidate, mode: 'shadow', env: {}, logger, closeTimeoutMs: 50 });
    const name = domain('close-hang');
    await OpenFeature.setProviderAndWait(name, shadow);
    await shadow.whenReady();
    await shadow.onClose();
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.text)).toEqual([
      'shadow: closing broken-hang did not finish within closeTimeoutMs (50 ms): no longer waited for',
    ]);
    expect(primary.state.started).toBe(false);
  });
});
