// Issue 7: track() attributes a conversion to the variants the unit was exposed to.
import { describe, expect, it } from 'vitest';
import { ExposureRecorder, type CapturedEvent } from '@rollgate/openfeature-server';

class MemorySink {
  readonly name = 'memory';
  readonly records: CapturedEvent[] = [];
  async send(batch: readonly CapturedEvent[]): Promise<void> {
    this.records.push(...batch);
  }
}

describe('issue 7: the tracking API', () => {
  it('a conversion carries the last variant of every flag this distinct id saw, and nothing for other units', async () => {
    const sink = new MemorySink();
    const recorder = new ExposureRecorder({ sink, now: () => 0, flushIntervalMs: 60_000 }, { fallbackDistinctId: () => 'install' });
    recorder.expose({ flagKey: 'cta', targetingKey: 'u1', value: 'card', variant: 'card' });
    recorder.expose({ flagKey: 'fast-path', targetingKey: 'u1', value: true, variant: 'true' });
    recorder.expose({ flagKey: 'cta', targetingKey: 'u2', value: 'button', variant: 'button' });
    recorder.track('setup_finished', { targetingKey: 'u1' }, { value: 12 });
    recorder.track('setup_finished', { targetingKey: 'u3' }, {});
    await recorder.close();
    const tracked = sink.records.filter((r) => r.event === 'setup_finished');
    expect(tracked.map((r) => [r.distinctId, r.properties])).toEqual([
      ['u1', { value: 12, '$feature/cta': 'card', '$feature/fast-path': true, $active_feature_flags: ['cta', 'fast-path'] }],
      ['u3', {}],
    ]);
  });

  it('remembers a bounded number of units (the most recent always) and of flags per unit', async () => {
    const sink = new MemorySink();
    const recorder = new ExposureRecorder({ sink, now: () => 0, flushIntervalMs: 60_000, trackedUnits: 2, flagsPerUnit: 2 }, { fallbackDistinctId: () => 'install' });
    for (const unit of ['u1', 'u2', 'u3', 'u4', 'u5']) recorder.expose({ flagKey: 'cta', targetingKey: unit, value: 'card', variant: 'card' });
    for (const flag of ['a', 'b', 'c']) recorder.expose({ flagKey: flag, targetingKey: 'u5', value: 'x', variant: 'x' });
    recorder.track('done', { targetingKey: 'u1' }, {});
    recorder.track('done', { targetingKey: 'u4' }, {});
    recorder.track('done', { targetingKey: 'u5' }, {});
    await recorder.close();
    const byUnit = Object.fromEntries(sink.records.filter((r) => r.event === 'done').map((r) => [r.distinctId, Object.keys(r.properties).filter((k) => k.startsWith('$feature/'))]));
    expect(byUnit).toEqual({ u1: [], u4: ['$feature/cta'], u5: ['$feature/b', '$feature/c'] });
  });

  it('an invalid event name is refused with a warning, never thrown', () => {
    const warnings: string[] = [];
    const recorder = new ExposureRecorder(
      { sink: new MemorySink() },
      { fallbackDistinctId: () => 'install', logger: { error() {}, warn: (m: string) => warnings.push(m), info() {}, debug() {} } },
    );
    expect(() => recorder.track('', { targetingKey: 'u1' }, {})).not.toThrow();
    expect(warnings.join()).toMatch(/event name must be a non-empty string/);
    expect(recorder.stats).toMatchObject({ produced: 0, skipped: 1 });
  });
});
