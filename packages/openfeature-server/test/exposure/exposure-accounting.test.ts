// Issue 7: under load against a down sink the accounting is exact and the queue never passes its bound.
import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ExposureRecorder, accountingHolds, type CapturedEvent, type ExposureSink } from '@rollgate/openfeature-server';

/** A sink that is down: every send fails on the next turn. */
class DownSink implements ExposureSink {
  readonly name = 'down';
  attempts = 0;
  async send(_batch: readonly CapturedEvent[]): Promise<void> {
    this.attempts += 1;
    await turn();
    throw new Error('connect ECONNREFUSED 127.0.0.1:9');
  }
}

/** A sink that is up and counts what it got. */
class CountingSink implements ExposureSink {
  readonly name = 'counting';
  readonly uuids = new Set<string>();
  async send(batch: readonly CapturedEvent[]): Promise<void> {
    await turn();
    for (const e of batch) this.uuids.add(e.uuid);
  }
}

function recorder(sink: ExposureSink, queueSize = 1_000) {
  let n = 0;
  return new ExposureRecorder(
    { sink, queueSize, dedupSize: 10_000, batchSize: 100, flushIntervalMs: 0, maxRetries: 1, backoff: { initialMs: 1, maxMs: 1 }, closeTimeoutMs: 200, now: () => 0, uuid: () => String(++n) },
    { fallbackDistinctId: () => 'install', logger: { error() {}, warn() {}, info() {}, debug() {} } },
  );
}

const CALLS = 200_000;

/** Call i exposes unit floor(i/2): every unit twice in a row, so exactly half are duplicates. */
function call(r: ExposureRecorder, i: number): void {
  const unit = i >> 1;
  r.expose({ flagKey: 'cta', targetingKey: `unit-${unit}`, value: unit % 2 === 0 ? 'button' : 'card', variant: unit % 2 === 0 ? 'button' : 'card', reason: 'SPLIT' });
}

describe('issue 7: accounting under load (produced = delivered + deduplicated + dropped + failed + lost)', () => {
  it('200,000 calls in one synchronous burst against a down sink: exact counts, queue at its bound', async () => {
    const sink = new DownSink();
    const r = recorder(sink);
    for (let i = 0; i < CALLS; i += 1) call(r, i);
    // No turn of the event loop yet: nothing was sent, the queue is exactly full.
    expect(r.stats).toMatchObject({ produced: CALLS, deduplicated: CALLS / 2, dropped: CALLS / 2 - 1_000, pending: 1_000, queueHighWater: 1_000 });
    expect(accountingHolds(r.stats)).toBe(true);
    await r.close();
    const stats = r.stats;
    expect(stats.pending).toBe(0);
    expect(stats.delivered).toBe(0);
    expect(stats.failed + stats.lost).toBe(1_000);
    expect(accountingHolds(stats)).toBe(true);
  });

  it('200,000 calls interleaved with the drain against a down sink: exact at every step, queue never above its bound', async () => {
    const sink = new DownSink();
    const r = recorder(sink);
    for (let i = 0; i < CALLS; i += 1) {
      call(r, i);
      if (i % 5_000 === 4_999) {
        await turn();
        expect(accountingHolds(r.stats)).toBe(true);
        expect(r.stats.pending).toBeLessThanOrEqual(1_000 + 100); // queue + one batch in flight
      }
    }
    await r.close();
    const stats = r.stats;
    expect(sink.attempts).toBeGreaterThan(0);
    expect(stats.produced).toBe(CALLS);
    expect(stats.deduplicated).toBe(CALLS / 2);
    expect(stats.delivered).toBe(0);
    expect(stats.dropped + stats.failed + stats.lost).toBe(CALLS / 2);
    expect(stats.queueHighWater).toBeLessThanOrEqual(1_000);
    expect(accountingHolds(stats)).toBe(true);
  });

  it('against a sink that is up, delivered is exactly what the sink received (no record twice)', async () => {
    const sink = new CountingSink();
    const r = recorder(sink);
    const calls = 60_000;
    for (let i = 0; i < calls; i += 1) {
      call(r, i);
      if (i % 5_000 === 4_999) await turn();
    }
    await r.close(10_000);
    const stats = r.stats;
    expect(stats.delivered).toBe(sink.uuids.size);
    expect(stats.delivered + stats.dropped).toBe(calls / 2);
    expect(stats).toMatchObject({ produced: calls, deduplicated: calls / 2, failed: 0, lost: 0, pending: 0 });
  });
});
