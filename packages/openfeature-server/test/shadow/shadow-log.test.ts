// Issue 10: comparison records in the JSON-lines log, hashed keys and attributes, sampling, bounded queue.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComparisonRecord } from '@rollgate/core';
import { RollgateProvider, ShadowProvider, ShadowSampler, shadowAccountingHolds } from '@rollgate/openfeature-server';
import { flagsDocument, sampleDocument } from '../helpers/documents.js';
import { memoryLogger } from '../helpers/memory-logger.js';
import { domain, tempDir } from '../helpers/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
let primaryFile: string;
let candidateFile: string;
beforeEach(() => {
  dir = tempDir('rollgate-shadow-log-');
  primaryFile = join(dir.path, 'primary.json');
  candidateFile = join(dir.path, 'candidate.json');
  writeFileSync(primaryFile, sampleDocument('off'));
  // The candidate lacks `max-retries` and answers `new-checkout` on for everyone in region eu.
  const doc = JSON.parse(sampleDocument('off')) as { flags: Record<string, Record<string, unknown>> };
  delete doc.flags['max-retries'];
  doc.flags['new-checkout']!.targeting = { if: [{ or: [{ '==': [{ var: 'plan' }, 'pro'] }, { '==': [{ var: 'region' }, 'eu'] }] }, 'on'] };
  doc.flags['theme']!.variants = { dark: { fg: '#fff', bg: '#000' }, light: { fg: '#000', bg: '#fff' } }; // same objects, keys reordered
  writeFileSync(candidateFile, flagsDocument(doc.flags));
});
afterEach(() => dir.cleanup());

function readLog(path: string): ComparisonRecord[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ComparisonRecord);
}

describe('Comparison log', () => {
  it('one record per comparison: both sides, verdict, hashed key and attributes, configured plain attributes', async () => {
    const log = join(dir.path, 'shadow', 'comparisons.jsonl');
    const seen: ComparisonRecord[] = [];
    const shadow = new ShadowProvider({
      primary: new RollgateProvider({ source: primaryFile, env: {} }),
      candidate: new RollgateProvider({ source: candidateFile, env: {} }),
      mode: 'shadow',
      env: {},
      log: { path: log },
      hashKeysWithSalt: 'salt-0123456789',
      attributes: ['region', 'plan'],
      hashedAttributes: ['email'],
      onComparison: (r) => void seen.push(r),
      now: () => Date.UTC(2026, 10, 21, 3, 0, 0),
      logger: memoryLogger(),
    });
    const name = domain('log');
    await OpenFeature.setProviderAndWait(name, shadow);
    await shadow.whenReady();
    const client = OpenFeature.getClient(name);
    await client.getBooleanValue('new-checkout', false, { targetingKey: 'alice', region: 'eu', plan: 'free', email: 'a@x.io' });
    await client.getBooleanValue('new-checkout', false, { targetingKey: 'bob', region: 'us', plan: 'free' });
    await client.getNumberValue('max-retries', 0, { targetingKey: 'alice' });
    await client.getObjectValue('theme', {}, { targetingKey: 'alice' });
    await shadow.whenIdle();
    const records = readLog(log);
    expect(records).toEqual(seen);
    expect(records.map((r) => [r.flag, r.verdict])).toEqual([
      ['new-checkout', 'DIVERGE'],
      ['new-checkout', 'AGREE'],
      ['max-retries', 'SHADOW_EMPTY'],
      ['theme', 'AGREE'],
    ]);
    const first = records[0]!;
    expect(first).toMatchObject({
      v: 1,
      time: '2026-11-21T03:00:00.000Z',
      mode: 'shadow',
      type: 'boolean',
      primary: { source: `file:${primaryFile}`, value: false, variant: 'off', errorCode: null },
      shadow: { source: `file:${candidateFile}`, value: true, variant: 'on', reason: 'TARGETING_MATCH', errorCode: null },
      attributes: { region: 'eu', plan: 'free' },
    });
    expect(first.key).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(first.key).not.toContain('alice');
    expect(records[2]!.key).toBe(first.key); // same key, same hash: comparisons of one unit can be grouped
    expect(first.attributes.email).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(records[1]!.attributes).toEqual({ region: 'us', plan: 'free' });
    expect(records[2]!.shadow.errorCode).toBe('FLAG_NOT_FOUND');
    expect(typeof first.shadowMs).toBe('number');
    await shadow.onClose();
    expect(shadow.stats.log).toEqual({ accepted: 4, written: 4, dropped: 0, failed: 0, pending: 0 });
  });

  it('the log queue is bounded: a burst beyond its capacity is dropped and counted, accepted = written + dropped', async () => {
    const log = join(dir.path, 'small.jsonl');
    const shadow = new ShadowProvider({
      primary: new RollgateProvider({ source: primaryFile, env: {} }),
      candidate: new RollgateProvider({ source: candidateFile, env: {} }),
      mode: 'shadow',
      env: {},
      log: { path: log, capacity: 5 },
      maxInFlight: 1000,
      logger: memoryLogger(),
    });
    const name = domain('log-bounded');
    await OpenFeature.setProviderAndWait(name, shadow);
    await shadow.whenReady();
    const client = OpenFeature.getClient(name);
    await Promise.all(Array.from({ length: 200 }, (_, i) => client.getBooleanValue('new-checkout', false, { targetingKey: `u${i}` })));
    await shadow.whenIdle();
    const s = shadow.stats;
    expect(s.compared).toBe(200);
    expect(s.log!.accepted).toBe(200);
    expect(s.log!.written + s.log!.dropped).toBe(200);
    expect(s.log!.dropped).toBeGreaterThan(0);
    expect(readLog(log)).toHaveLength(s.log!.written);
    expect(shadowAccountingHolds(s)).toBe(true);
    await shadow.onClose();
  });

  it('a log that cannot be written loses lines (counted, warned once) and never an answer', async () => {
    const blocker = join(dir.path, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const logger = memoryLogger();
    const shadow = new ShadowProvider({
      primary: new RollgateProvider({ source: primaryFile, env: {} }),
      candidate: new RollgateProvider({ source: candidateFile, env: {} }),
      mode: 'shadow',
      env: {},
      log: { path: join(blocker, 'log.jsonl') },
      logger,
    });
    const name = domain('log-broken');
    await OpenFeature.setProviderAndWait(name, shadow);
    await shadow.whenReady();
    const client = OpenFeature.getClient(name);
    for (let i = 0; i < 10; i += 1) expect(await client.getBooleanValue('new-checkout', true, { targetingKey: `u${i}`, plan: 'free' })).toBe(false);
    await shadow.whenIdle();
    expect(shadow.stats.log).toMatchObject({ accepted: 10, written: 0, failed: 10, pending: 0 });
    expect(logger.lines.filter((l) => l.level === 'warn' && /append failed/.test(l.text))).toHaveLength(1);
    await shadow.onClose();
  });
});

describe('Sampling is reproducible', () => {
  it('by a hash of flag + key: the same units are in the sample on every run, at about the configured rate', () => {
    const a = new ShadowSampler(0.3, 7);
    const b = new ShadowSampler(0.3, 7);
    const keys = Array.from({ length: 5000 }, (_, i) => `user-${i}`);
    const inA = keys.filter((k) => a.sampled('flag', k));
    expect(keys.filter((k) => b.sampled('flag', k))).toEqual(inA);
    expect(inA.length / keys.length).toBeGreaterThan(0.27);
    expect(inA.length / keys.length).toBeLessThan(0.33);
    // A different flag samples a different (independent) set of units.
    const otherFlag = keys.filter((k) => a.sampled('other', k));
    expect(otherFlag).not.toEqual(inA);
  });

  it('contexts without a key: a seeded sequence, identical for the same seed', () => {
    const draw = (seed: number) => Array.from({ length: 100 }, () => new ShadowSampler(0.5, seed)).map((s) => s.sampled('f', undefined));
    const seq = (seed: number) => {
      const s = new ShadowSampler(0.5, seed);
      return Array.from({ length: 200 }, () => s.sampled('f', undefined));
    };
    expect(seq(3)).toEqual(seq(3));
    expect(seq(3)).not.toEqual(seq(4));
    expect(draw(1).every((x) => x === draw(1)[0])).toBe(true);
  });

  it('rate 0 compares nothing, rate 1 everything', () => {
    expect(new ShadowSampler(0, 0).sampled('f', 'k')).toBe(false);
    expect(new ShadowSampler(1, 0).sampled('f', undefined)).toBe(true);
  });
});
