// Misbehaving OpenFeature server providers for the shadow tests: slow, hanging, throwing, rejecting.
import { OpenFeatureEventEmitter, type JsonValue, type Provider, type ResolutionDetails } from '@openfeature/server-sdk';

type Behaviour = 'slow-5s' | 'hang' | 'throw' | 'reject';

/** A provider whose every resolver misbehaves the same way; counts the calls it received. */
export class BrokenProvider implements Provider {
  readonly metadata: { name: string };
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  calls = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly behaviour: Behaviour) {
    this.metadata = { name: `broken-${behaviour}` };
  }

  private answer<T>(value: T): Promise<ResolutionDetails<T>> {
    this.calls += 1;
    switch (this.behaviour) {
      case 'slow-5s':
        return new Promise((resolve) => {
          const timer = setTimeout(() => resolve({ value, reason: 'STATIC' }), 5000);
          timer.unref();
          this.timers.add(timer);
        });
      case 'hang':
        return new Promise(() => undefined);
      case 'throw':
        throw new Error('candidate exploded');
      case 'reject':
        return Promise.reject(new Error('candidate rejected'));
    }
  }

  resolveBooleanEvaluation(_k: string, d: boolean): Promise<ResolutionDetails<boolean>> {
    return this.answer(!d);
  }
  resolveStringEvaluation(_k: string, d: string): Promise<ResolutionDetails<string>> {
    return this.answer(`${d}!`);
  }
  resolveNumberEvaluation(_k: string, d: number): Promise<ResolutionDetails<number>> {
    return this.answer(d + 1);
  }
  resolveObjectEvaluation<T extends JsonValue>(_k: string, d: T): Promise<ResolutionDetails<T>> {
    return this.answer(d);
  }
  async onClose(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
  }
}

/** A provider whose initialisation waits for `release()` (or rejects on `fail()`); answers from a fixed map. */
export class GatedProvider implements Provider {
  readonly metadata = { name: 'gated' };
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  private releaseFn: () => void = () => undefined;
  private failFn: (error: Error) => void = () => undefined;
  private readonly gate = new Promise<void>((resolve, reject) => {
    this.releaseFn = resolve;
    this.failFn = reject;
  });

  constructor(private readonly values: Record<string, boolean>) {}

  release(): void {
    this.releaseFn();
  }
  fail(message: string): void {
    this.failFn(new Error(message));
  }
  initialize(): Promise<void> {
    return this.gate;
  }
  async resolveBooleanEvaluation(key: string, d: boolean): Promise<ResolutionDetails<boolean>> {
    const value = this.values[key];
    return value === undefined ? { value: d, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' as never } : { value, variant: value ? 'on' : 'off', reason: 'STATIC' };
  }
  async resolveStringEvaluation(_k: string, d: string): Promise<ResolutionDetails<string>> {
    return { value: d, reason: 'DEFAULT' };
  }
  async resolveNumberEvaluation(_k: string, d: number): Promise<ResolutionDetails<number>> {
    return { value: d, reason: 'DEFAULT' };
  }
  async resolveObjectEvaluation<T extends JsonValue>(_k: string, d: T): Promise<ResolutionDetails<T>> {
    return { value: d, reason: 'DEFAULT' };
  }
}

/** A provider that throws while `broken`, else answers `true` (variant on); counts its calls. */
export class FlakyProvider implements Provider {
  readonly metadata = { name: 'flaky' };
  readonly runsOn = 'server' as const;
  broken = true;
  calls = 0;

  private answer<T>(value: T, variant: string): Promise<ResolutionDetails<T>> {
    this.calls += 1;
    if (this.broken) throw new Error('flaky candidate down');
    return Promise.resolve({ value, variant, reason: 'STATIC' });
  }
  resolveBooleanEvaluation(): Promise<ResolutionDetails<boolean>> {
    return this.answer(true, 'on');
  }
  resolveStringEvaluation(_k: string, d: string): Promise<ResolutionDetails<string>> {
    return this.answer(d, 'x');
  }
  resolveNumberEvaluation(_k: string, d: number): Promise<ResolutionDetails<number>> {
    return this.answer(d, 'x');
  }
  resolveObjectEvaluation<T extends JsonValue>(_k: string, d: T): Promise<ResolutionDetails<T>> {
    return this.answer(d, 'x');
  }
}
