// Issue 7 / situation 1: a CLI that evaluates and returns (no OpenFeature.close()) still sends its
// exposures before it exits, and still exits when the capture host is down.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downUrl, startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { BUILD_FIRST, runNodeSnippet, SERVER_DIST, type ChildOutcome } from '../helpers/run-child.js';
import { tempDir } from '../helpers/temp-dir.js';
import { writeExperimentDocument } from './fixtures.js';

let dir: ReturnType<typeof tempDir>;
let server: CaptureServer | undefined;

beforeEach(() => {
  dir = tempDir();
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  dir.cleanup();
});

/** A CLI-like child: evaluates once, tracks one event, and returns without closing OpenFeature. */
function runCli(sink: unknown, extra = ''): Promise<ChildOutcome> {
  const code = `
    import { OpenFeature } from '@openfeature/server-sdk';
    import { RollgateProvider } from ${JSON.stringify(SERVER_DIST)};
    const provider = new RollgateProvider({ source: ${JSON.stringify(writeExperimentDocument(dir.path))}, env: {},
      exposure: { sink: ${JSON.stringify(sink)} ${extra} } });
    await OpenFeature.setProviderAndWait(provider);
    const client = OpenFeature.getClient();
    process.stdout.write(await client.getStringValue('cta', 'none', { targetingKey: 'u-test' }));
    client.track('setup_finished', { targetingKey: 'u-test' });
    process.on('exit', () => process.stdout.write(' ' + JSON.stringify(provider.exposure.stats)));
  `;
  return runNodeSnippet(code);
}

describe('issue 7: a CLI that never calls close', () => {
  it('drains its records before exiting (beforeExit), to a file and to PostHog', async () => {
    expect(existsSync(SERVER_DIST), BUILD_FIRST).toBe(true);
    const path = join(dir.path, 'exposures.jsonl');
    const toFile = await runCli({ kind: 'file', path }, ', closeTimeoutMs: 10000');
    expect(toFile.exit).toBe(0);
    expect(toFile.stdout).toMatch(/^card /);
    expect(readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line).event)).toEqual(['$feature_flag_called', 'setup_finished']);

    server = await startCaptureServer();
    const toPosthog = await runCli({ kind: 'posthog', apiKey: 'phc_test_key', host: server.url }, ', closeTimeoutMs: 10000');
    expect(toPosthog.exit).toBe(0);
    expect(server.accepted().map((e) => [e['event'], e['distinct_id']])).toEqual([
      ['$feature_flag_called', 'u-test'],
      ['setup_finished', 'u-test'],
    ]);
    expect(JSON.parse(toPosthog.stdout.slice('card '.length))).toMatchObject({ produced: 2, delivered: 2, lost: 0, pending: 0 });
  });

  it('exits when the capture host is down, with what it could not send counted', async () => {
    const result = await runCli({ kind: 'posthog', apiKey: 'phc_test_key', host: await downUrl() }, ', maxRetries: 100, closeTimeoutMs: 500');
    expect(result.exit).toBe(0);
    const stats = JSON.parse(result.stdout.slice('card '.length));
    expect(stats).toMatchObject({ produced: 2, delivered: 0, pending: 0 });
    expect(stats.failed + stats.lost).toBe(2);
  });

  it('flushOnExit: false leaves the records unsent (the app closes the provider itself)', async () => {
    const path = join(dir.path, 'exposures.jsonl');
    const result = await runCli({ kind: 'file', path }, ', flushOnExit: false');
    expect(result.exit).toBe(0);
    expect(existsSync(path)).toBe(false);
    expect(JSON.parse(result.stdout.slice('card '.length))).toMatchObject({ produced: 2, delivered: 0, pending: 2 });
  });
});
