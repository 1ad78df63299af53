// Issue 10 modes: the three switches, their precedence, and switching without a restart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenFeature, ProviderEvents } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveShadowMode, RollgateProvider, ShadowProvider, shadowAccountingHolds, type ShadowMode } from '@rollgate/openfeature-server';
import { sampleDocument } from '../helpers/documents.js';
import { memoryLogger } from '../helpers/memory-logger.js';
import { domain, eventually, tempDir } from '../helpers/temp-dir.js';
import { GatedProvider } from './fake-providers.js';

describe('resolveShadowMode: precedence (kill switch > setMode > environment > option > primary)', () => {
  const base = { prefix: 'ROLLGATE', configured: undefined, override: undefined } as const;
  const cases: [string, Record<string, string>, ShadowMode | undefined, ShadowMode | undefined, { mode: ShadowMode; origin: string; disabled?: boolean }][] = [
    ['nothing set', {}, undefined, undefined, { mode: 'primary', origin: 'default' }],
    ['the option', {}, 'shadow', undefined, { mode: 'shadow', origin: 'configuration' }],
    ['environment beats the option', { ROLLGATE_SHADOW_MODE: 'route' }, 'shadow', undefined, { mode: 'route', origin: 'environment' }],
    ['an explicit primary in the environment beats the option', { ROLLGATE_SHADOW_MODE: 'primary' }, 'route', undefined, { mode: 'primary', origin: 'environment' }],
    ['a switch turned off in the environment beats the option', { ROLLGATE_ROUTE: '0' }, 'route', undefined, { mode: 'primary', origin: 'environment' }],
    ['the boolean switches', { ROLLGATE_SHADOW: 'yes' }, undefined, undefined, { mode: 'shadow', origin: 'environment' }],
    ['setMode beats the environment', { ROLLGATE_SHADOW_MODE: 'route' }, undefined, 'shadow', { mode: 'shadow', origin: 'setter' }],
    ['the master kill switch beats everything', { ROLLGATE_DISABLED: '1', ROLLGATE_ROUTE: '1' }, 'route', 'route', { mode: 'primary', origin: 'kill-switch', disabled: true }],
    ['an unreadable value is ignored (with a problem)', { ROLLGATE_SHADOW_MODE: 'sideways' }, 'shadow', undefined, { mode: 'shadow', origin: 'configuration' }],
  ];
  for (const [label, env, configured, override, expected] of cases) {
    it(label, () => {
      const r = resolveShadowMode({ ...base, env, configured, override });
      expect({ mode: r.mode, origin: r.origin, disabled: r.disabled }).toEqual({ disabled: false, ...expected });
    });
  }
  it('an unreadable value is reported as a problem', () => {
    expect(resolveShadowMode({ ...base, env: { ROLLGATE_SHADOW_MODE: 'sideways', ROLLGATE_ROUTE: 'maybe' } }).problems).toEqual([
      'ROLLGATE_SHADOW_MODE="sideways" is not one of primary, shadow, route; ignored',
      'ROLLGATE_ROUTE="maybe" is not 1/true/yes/on or 0/false/no/off; ignored',
    ]);
  });
  it('route and shadow both asked for in one layer: route wins, with a conflict to warn about (either spelling)', () => {
    for (const env of [{ ROLLGATE_ROUTE: '1', ROLLGATE_SHADOW: '1' }, { ROLLGATE_SHADOW_MODE: 'shadow', ROLLGATE_ROUTE: 'true' }, { ROLLGATE_SHADOW_MODE: 'route', ROLLGATE_SHADOW: 'on' }]) {
      const r = resolveShadowMode({ ...base, env });
      expect(r.mode).toBe('route');
      expect(r.conflict).toMatch(/route wins/);
    }
    expect(resolveShadowMode({ ...base, env: { ROLLGATE_ROUTE: '1' } }).conflict).toBeUndefined();
  });
  it('an explicit primary or a switch turned off decides at its layer: a contradicting ask in the environment loses, with a conflict naming both variables', () => {
    const cases: [Record<string, string>, ShadowMode | undefined, ShadowMode, string][] = [
      [{ ROLLGATE_SHADOW_MODE: 'primary', ROLLGATE_ROUTE: '1' }, undefined, 'primary', 'route is asked for (ROLLGATE_ROUTE=1) and turned off (ROLLGATE_SHADOW_MODE=primary) in the environment: off wins (no route)'],
      [{ ROLLGATE_SHADOW_MODE: 'route', ROLLGATE_ROUTE: '0' }, undefined, 'primary', 'route is asked for (ROLLGATE_SHADOW_MODE=route) and turned off (ROLLGATE_ROUTE=0) in the environment: off wins (no route)'],
      [{ ROLLGATE_SHADOW_MODE: 'route', ROLLGATE_ROUTE: 'off' }, 'shadow', 'primary', 'route is asked for (ROLLGATE_SHADOW_MODE=route) and turned off (ROLLGATE_ROUTE=off) in the environment: off wins (no route)'],
      [{ ROLLGATE_SHADOW_MODE: 'primary', ROLLGATE_SHADOW: '1' }, 'route', 'primary', 'shadow is asked for (ROLLGATE_SHADOW=1) and turned off (ROLLGATE_SHADOW_MODE=primary) in the environment: off wins (no shadow)'],
      [{ ROLLGATE_SHADOW_MODE: 'shadow', ROLLGATE_SHADOW: '0' }, undefined, 'primary', 'shadow is asked for (ROLLGATE_SHADOW_MODE=shadow) and turned off (ROLLGATE_SHADOW=0) in the environment: off wins (no shadow)'],
      // Turned off, route still asked: shadow loses only to its own switch.
      [{ ROLLGATE_ROUTE: '0', ROLLGATE_SHADOW: '1', ROLLGATE_SHADOW_MODE: 'route' }, undefined, 'shadow', 'route is asked for (ROLLGATE_SHADOW_MODE=route) and turned off (ROLLGATE_ROUTE=0) in the environment: off wins (no route)'],
    ];
    for (const [env, configured, mode, conflict] of cases) {
      const r = resolveShadowMode({ ...base, env, configured });
      expect({ mode: r.mode, origin: r.origin, conflict: r.conflict }, JSON.stringify(env)).toEqual({ mode, origin: 'environment', conflict });
    }
    // Not contradictions: a switch turned off for the other mode.
    for (const [env, mode] of [[{ ROLLGATE_SHADOW_MODE: 'shadow', ROLLGATE_ROUTE: '0' }, 'shadow'], [{ ROLLGATE_ROUTE: '1', ROLLGATE_SHADOW: '0' }, 'route']] as const) {
      expect(resolveShadowMode({ ...base, env })).toMatchObject({ mode, conflict: undefined });
    }
  });
});

describe('ShadowProvider: switching without a restart', () => {
  let dir: ReturnType<typeof tempDir>;
  let primaryFile: string;
  let candidateFile: string;
  beforeEach(() => {
    dir = tempDir('rollgate-shadow-modes-');
    primaryFile = join(dir.path, 'primary.json');
    candidateFile = join(dir.path, 'candidate.json');
    writeFileSync(primaryFile, sampleDocument('off'));
    writeFileSync(candidateFile, sampleDocument('on'));
  });
  afterEach(() => dir.cleanup());

  it('ladder: primary -> shadow -> route -> rollback, by setMode and by the environment, with CONFIGURATION_CHANGED on each change of answering side', async () => {
    const env: Record<string, string | undefined> = {};
    const logger = memoryLogger();
    const shadow = new ShadowProvider({
      primary: new RollgateProvider({ source: primaryFile, env: {} }),
      candidate: new RollgateProvider({ source: candidateFile, env: {} }),
      env,
      logger,
      reloadSignal: 'SIGUSR2',
    });
    const name = domain('ladder');
    await OpenFeature.setProviderAndWait(name, shadow);
    const client = OpenFeature.getClient(name);
    const changes: string[] = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (d) => void changes.push(d?.message ?? ''));
    const read = (): Promise<boolean> => client.getBooleanValue('new-checkout', true, { targetingKey: 'u1', plan: 'free' });

    expect(shadow.state).toMatchObject({ mode: 'primary', origin: 'default', comparing: undefined });
    expect(await read()).toBe(false);
    expect(shadow.stats.offered).toBe(0);

    shadow.setMode('shadow');
    await shadow.whenReady();
    expect(await read()).toBe(false);
    await shadow.whenIdle();
    expect(shadow.stats.verdicts.DIVERGE).toBe(1);
    expect(changes).toEqual([]); // same answering side: nothing for the app to refetch

    shadow.setMode('route');
    expect(shadow.state).toMatchObject({ mode: 'route', answering: `file:${candidateFile}`, comparing: `file:${primaryFile}` });
    expect(await read()).toBe(true);
    await eventually(() => changes.length === 1);

    // Rollback through the environment: setMode(undefined) hands the decision back to it.
    env.ROLLGATE_SHADOW_MODE = 'primary';
    shadow.setMode(undefined);
    expect(shadow.state).toMatchObject({ mode: 'primary', origin: 'environment', answering: `file:${primaryFile}` });
    expect(await read()).toBe(false);

    // The documented trigger: a signal re-reads the environment.
    env.ROLLGATE_SHADOW_MODE = 'route';
    process.emit('SIGUSR2');
    expect(shadow.state).toMatchObject({ mode: 'route', origin: 'environment' });
    expect(await read()).toBe(true);

    // The master switch, above all, also without a restart.
    env.ROLLGATE_DISABLED = '1';
    shadow.reloadMode();
    const offered = shadow.stats.offered;
    expect(await client.getBooleanDetails('new-checkout', true, { targetingKey: 'u1' })).toMatchObject({ value: true, reason: 'DISABLED' });
    expect(shadow.stats.offered).toBe(offered);
    delete env.ROLLGATE_DISABLED;
    shadow.reloadMode();
    expect(await read()).toBe(true);
    await eventually(() => changes.length === 5);
    expect(logger.text('info')).toMatch(/mode route \(from environment\); answering .*candidate\.json, comparing .*primary\.json/);

    await shadow.whenIdle();
    expect(shadowAccountingHolds(shadow.stats)).toBe(true);
    await shadow.onClose();
    expect(process.listenerCount('SIGUSR2')).toBe(0);
  });

  it('a leftover ROLLGATE_ROUTE=1 does not beat ROLLGATE_SHADOW_MODE=primary: the primary answers and a warning names both', async () => {
    const logger = memoryLogger();
    const shadow = new ShadowProvider({
      primary: new RollgateProvider({ source: primaryFile, env: {} }),
      candidate: new RollgateProvider({ source: candidateFile, env: {} }),
      env: { ROLLGATE_SHADOW_MODE: 'primary', ROLLGATE_ROUTE: '1' },
      logger,
    });
    const name = domain('leftover-route');
    await OpenFeature.setProviderAndWait(name, shadow);
    expect(shadow.state).toMatchObject({ mode: 'primary', origin: 'environment', answering: `file:${primaryFile}` });
    expect(await OpenFeature.getClient(name).getBooleanValue('new-checkout', true, { plan: 'free' })).toBe(false);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.text)).toEqual([
      'shadow: route is asked for (ROLLGATE_ROUTE=1) and turned off (ROLLGATE_SHADOW_MODE=primary) in the environment: off wins (no route)',
    ]);
    await shadow.onClose();
  });

  it('route and shadow both on in the environment: route wins and the warning is logged once', async () => {
    const logger = memoryLogger();
    const shadow = new ShadowProvider({
      primary: new RollgateProvider({ source: primaryFile, env: {} }),
      candidate: new RollgateProvider({ source: candidateFile, env: {} }),
      env: { ROLLGATE_ROUTE: '1', ROLLGATE_SHADOW: '1' },
      logger,
    });
    const name = domain('conflict');
    await OpenFeature.setProviderAndWait(name, shadow);
    shadow.reloadMode();
    shadow.reloadMode();
    expect(shadow.state.mode).toBe('route');
    expect(await OpenFeature.getClient(name).getBooleanValue('new-checkout', false, { plan: 'free' })).toBe(true);
    const warnings = logger.lines.filter((l) => l.level === 'warn' && /route wins/.test(l.text));
    expect(warnings).toHaveLength(1);
    await shadow.onClose();
  });

  it('a switch to a side still initialising waits for it: the previous side answers meanwhile (never the code defaults)', async () => {
    const candidate = new GatedProvider({ 'new-checkout': true });
    const shadow = new ShadowProvider({ primary: new RollgateProvider({ source: primaryFile, env: {} }), candidate, env: {}, logger: memoryLogger() });
    const name = domain('pending');
    await OpenFeature.setProviderAndWait(name, shadow);
    const client = OpenFeature.getClient(name);
    shadow.setMode('route');
    expect(shadow.state).toMatchObject({ mode: 'route', pendingSwitch: true, answering: `file:${primaryFile}` });
    expect(await client.getBooleanValue('new-checkout', true, { plan: 'free' })).toBe(false);
    candidate.release();
    await eventually(() => !shadow.state.pendingSwitch);
    expect(shadow.state.answering).toBe('gated');
    expect(await client.getBooleanValue('new-checkout', false, { plan: 'free' })).toBe(true);
    await shadow.onClose();
  });

  it('a switch to a side whose initialisation fails is not made: the previous side keeps answering, the refusal is logged and in state', async () => {
    const candidate = new GatedProvider({ 'new-checkout': true });
    const logger = memoryLogger();
    const shadow = new ShadowProvider({ primary: new RollgateProvider({ source: primaryFile, env: {} }), candidate, env: {}, logger });
    const name = domain('refused');
    await OpenFeature.setProviderAndWait(name, shadow);
    const client = OpenFeature.getClient(name);
    shadow.setMode('route');
    expect(shadow.state).toMatchObject({ pendingSwitch: true });
    candidate.fail('coordinator unreachable');
    await eventually(() => !shadow.state.pendingSwitch);
    expect(shadow.state).toMatchObject({ mode: 'route', answering: `file:${primaryFile}`, switchRefused: 'gated failed to initialise (coordinator unreachable)' });
    // The primary's answer, not the code's default (true).
    expect(await client.getBooleanDetails('new-checkout', true, { plan: 'free' })).toMatchObject({ value: false, variant: 'off' });
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
      `shadow: mode route asked for gated to answer, but it failed to initialise (coordinator unreachable): not switching, file:${primaryFile} keeps answering`,
    ]);
    // It recovers (READY): the refused switch is made.
    candidate.events.emit(ProviderEvents.Ready, {});
    expect(shadow.state).toMatchObject({ answering: 'gated', switchRefused: undefined });
    expect(await client.getBooleanValue('new-checkout', false, { plan: 'free' })).toBe(true);
    await shadow.onClose();
  });

  it('from shadow mode, a route to a candidate that failed to start is refused at once', async () => {
    const candidate = new GatedProvider({ 'new-checkout': true });
    const logger = memoryLogger();
    const shadow = new ShadowProvider({ primary: new RollgateProvider({ source: primaryFile, env: {} }), candidate, mode: 'shadow', env: {}, logger });
    const name = domain('refused-shadow');
    await OpenFeature.setProviderAndWait(name, shadow);
    candidate.fail('coordinator unreachable');
    await shadow.whenReady();
    expect(shadow.setMode('route')).toMatchObject({ mode: 'route', answering: `file:${primaryFile}`, pendingSwitch: false, switchRefused: 'gated failed to initialise (coordinator unreachable)' });
    expect(await OpenFeature.getClient(name).getBooleanValue('new-checkout', true, { plan: 'free' })).toBe(false);
    // Back to shadow: nothing refused any more.
    expect(shadow.setMode('shadow')).toMatchObject({ answering: `file:${primaryFile}`, comparing: 'gated', switchRefused: undefined });
    await shadow.onClose();
  });

  it('invalid modes are refused at the edge with the option named', () => {
    const make = (mode: unknown) => () =>
      new ShadowProvider({ primary: new RollgateProvider({ source: primaryFile, env: {} }), candidate: new RollgateProvider({ source: candidateFile, env: {} }), mode: mode as ShadowMode, env: {} });
    expect(make('sideways')).toThrow(/option mode: must be one of primary, shadow, route/);
    const ok = make('shadow')();
    expect(() => ok.setMode('both' as ShadowMode)).toThrow(/option mode/);
  });

  it('options that would leak or mislead are refused: hashed attributes without a salt, a provider compared with itself, a rate outside [0, 1]', () => {
    const primary = new RollgateProvider({ source: primaryFile, env: {} });
    const candidate = new RollgateProvider({ source: candidateFile, env: {} });
    expect(() => new ShadowProvider({ primary, candidate, hashedAttributes: ['email'] })).toThrow(/option hashedAttributes: needs hashKeysWithSalt/);
    expect(() => new ShadowProvider({ primary, candidate: primary })).toThrow(/option candidate: must be a different provider/);
    expect(() => new ShadowProvider({ primary, candidate, sampleRate: 1.5 })).toThrow(/option sampleRate/);
    expect(() => new ShadowProvider({ primary, candidate: {} as never })).toThrow(/option candidate: must be an OpenFeature server provider/);
  });
});
