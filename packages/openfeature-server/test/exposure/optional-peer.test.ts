// posthog-node is an OPTIONAL peer: without it the package loads, the file sink works, and the
// PostHog sink fails with a clear message (counted, never thrown into an evaluation).
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runNodeSnippet, SERVER_DIST } from '../helpers/run-child.js';
import { tempDir } from '../helpers/temp-dir.js';
import { writeExperimentDocument } from './fixtures.js';

let dir: ReturnType<typeof tempDir>;

beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

/** A resolve hook that makes `posthog-node` unresolvable, as in an app that never installed it. */
const WITHOUT_POSTHOG = `export async function resolve(specifier, context, next) {
  if (specifier === 'posthog-node') throw Object.assign(new Error("Cannot find package 'posthog-node'"), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(specifier, context);
}`;

describe('posthog-node as an optional peer dependency', () => {
  it('without posthog-node: the package imports, the file sink delivers, the PostHog sink reports how to install it', async () => {
    const code = `
      import { register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(WITHOUT_POSTHOG)}));
      const { OpenFeature } = await import('@openfeature/server-sdk');
      const { RollgateProvider } = await import(${JSON.stringify(SERVER_DIST)});
      const source = ${JSON.stringify(writeExperimentDocument(dir.path))};
      const results = [];
      for (const sink of [{ kind: 'file', path: ${JSON.stringify(join(dir.path, 'out.jsonl'))} }, { kind: 'posthog', apiKey: 'phc_x', host: 'http://127.0.0.1:9' }]) {
        const provider = new RollgateProvider({ source, env: {}, logger: { error() {}, warn() {}, info() {}, debug() {} }, exposure: { sink, maxRetries: 0 } });
        await OpenFeature.setProviderAndWait(provider);
        const value = await OpenFeature.getClient().getStringValue('cta', 'none', { targetingKey: 'u-test' });
        await OpenFeature.close();
        const { delivered, failed, lastError } = provider.exposure.stats;
        results.push({ value, delivered, failed, lastError: lastError ?? null });
      }
      process.stdout.write(JSON.stringify(results));
    `;
    const result = await runNodeSnippet(code);
    expect(result.exit).toBe(0);
    const [file, posthog] = JSON.parse(result.stdout);
    expect(file).toEqual({ value: 'card', delivered: 1, failed: 0, lastError: null });
    expect(posthog).toMatchObject({ value: 'card', delivered: 0, failed: 1 });
    expect(posthog.lastError).toMatch(/^posthog: the PostHog exposure sink needs posthog-node \(npm install posthog-node\)/);
  });
});
