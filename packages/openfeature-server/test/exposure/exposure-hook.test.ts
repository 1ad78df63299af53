// Issue 7: what the hook records, deduplicates and skips, driven directly (no SDK in between).
import type { EvaluationDetails, FlagValue, HookContext } from '@openfeature/server-sdk';
import { describe, expect, it } from 'vitest';
import { EXPOSURE_HINT, ExposureRecorder, InvalidOptionsError, type CapturedEvent, type ExposureOptions } from '@rollgate/openfeature-server';

class MemorySink {
  readonly name = 'memory';
  readonly records: CapturedEvent[] = [];
  async send(batch: readonly CapturedEvent[]): Promise<void> {
    this.records.push(...batch);
  }
}

const quiet = { error() {}, warn() {}, info() {}, debug() {} };

function setup(options: Partial<ExposureOptions> = {}, fallback: () => string = () => 'install-1') {
  const sink = new MemorySink();
  let n = 0;
  const recorder = new ExposureRecorder({ sink, now: () => 0, uuid: () => `id-${++n}`, flushIntervalMs: 60_000, ...options }, { fallbackDistinctId: fallback, logger: quiet });
  const evaluate = (details: Partial<EvaluationDetails<FlagValue>> & { flagKey: string; value: FlagValue }, targetingKey?: string, hints?: Record<string, unknown>) =>
    recorder.hook.finally(
      { context: targetingKey === undefined ? {} : { targetingKey } } as unknown as HookContext<FlagValue>,
      { flagMetadata: {}, ...details } as EvaluationDetails<FlagValue>,
      hints,
    );
  return { sink, recorder, evaluate };
}

describe('issue 7: the exposure record', () => {
  it('uses the value as $feature_flag_response for a result without a variant', async () => {
    const { sink, recorder, evaluate } = setup();
    evaluate({ flagKey: 'limit', value: 42, reason: 'STATIC' }, 'u1');
    await recorder.close();
    expect(sink.records[0]!.properties).toMatchObject({ $feature_flag: 'limit', $feature_flag_response: 42, '$feature/limit': 42 });
  });

  it('records a new exposure when the variant of a unit changes (dedup is per flag, variant and distinct id)', async () => {
    const { sink, recorder, evaluate } = setup();
    evaluate({ flagKey: 'cta', value: 'button', variant: 'button' }, 'u1');
    evaluate({ flagKey: 'cta', value: 'button', variant: 'button' }, 'u1');
    evaluate({ flagKey: 'cta', value: 'card', variant: 'card' }, 'u1');
    evaluate({ flagKey: 'cta', value: 'button', variant: 'button' }, 'u2');
    evaluate({ flagKey: 'other', value: 'button', variant: 'button' }, 'u1');
    await recorder.close();
    expect(sink.records.map((r) => [r.properties['$feature_flag'], r.properties['$feature_flag_response'], r.distinctId])).toEqual([
      ['cta', 'button', 'u1'],
      ['cta', 'card', 'u1'],
      ['cta', 'button', 'u2'],
      ['other', 'button', 'u1'],
    ]);
    expect(recorder.stats).toMatchObject({ produced: 5, deduplicated: 1, delivered: 4 });
  });

  it('dedupSize bounds the memory: a triple forgotten long ago is recorded again', async () => {
    const { sink, recorder, evaluate } = setup({ dedupSize: 2 });
    for (const unit of ['u1', 'u2', 'u3', 'u4', 'u5', 'u1']) evaluate({ flagKey: 'f', value: true, variant: 'on' }, unit);
    // The two most recent are always remembered: u5 again is a duplicate.
    evaluate({ flagKey: 'f', value: true, variant: 'on' }, 'u5');
    await recorder.close();
    expect(sink.records.map((r) => r.distinctId)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u1']);
    expect(recorder.stats.deduplicated).toBe(1);
  });

  it(`the ${EXPOSURE_HINT}: false hint opts a read out; errors, overrides and the kill switch expose nothing`, async () => {
    const { sink, recorder, evaluate } = setup();
    evaluate({ flagKey: 'cta', value: 'card', variant: 'card' }, 'u1', { exposure: false });
    evaluate({ flagKey: 'cta', value: 'none', reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' as never }, 'u1');
    evaluate({ flagKey: 'cta', value: 'card', variant: 'override', reason: 'STATIC', flagMetadata: { 'rollgate.override': true } }, 'u1');
    evaluate({ flagKey: 'cta', value: 'none', reason: 'DISABLED' }, 'u1');
    // Any other hint value is not an opt-out.
    evaluate({ flagKey: 'cta', value: 'card', variant: 'card' }, 'u1', { exposure: 'no' });
    await recorder.close();
    expect(sink.records).toHaveLength(1);
    expect(recorder.stats).toMatchObject({ produced: 1, optedOut: 1, skipped: 3 });
  });

  it('never throws into the evaluation, even when the distinct-id fallback fails', () => {
    const { recorder, evaluate } = setup({}, () => {
      throw new Error('disk on fire');
    });
    expect(() => evaluate({ flagKey: 'cta', value: 'card', variant: 'card' })).not.toThrow();
    expect(() => recorder.track('signup', {}, {})).not.toThrow();
    expect(recorder.stats).toMatchObject({ produced: 0, skipped: 2 });
  });

  it('rejects bad options with an error naming the option', () => {
    const sink = new MemorySink();
    const env = { fallbackDistinctId: () => 'x' };
    expect(() => new ExposureRecorder({ sink, batchSize: 0 }, env)).toThrow(InvalidOptionsError);
    expect(() => new ExposureRecorder({ sink, batchSize: 5000 }, env)).toThrow(/exposure\.batchSize: must be an integer from 1 to 1000, got 5000/);
    expect(() => new ExposureRecorder({ sink, queueSize: 1.5 }, env)).toThrow(/exposure\.queueSize/);
    expect(() => new ExposureRecorder({} as ExposureOptions, env)).toThrow(/exposure\.sink: is required/);
    expect(() => new ExposureRecorder({ sink: { kind: 'posthog', apiKey: '' } }, env)).toThrow(/exposure\.sink\.apiKey/);
    expect(() => new ExposureRecorder({ sink: { kind: 'posthog', apiKey: 'phc_x', host: 'ftp://x' } }, env)).toThrow(/exposure\.sink\.host/);
    expect(() => new ExposureRecorder({ sink: { kind: 'kafka' } as never }, env)).toThrow(/exposure\.sink\.kind: "kafka"/);
  });
});
