// Bundle size of the web provider + core, minified and gzipped, as an app would ship it.
// Usage: node scripts/bench/web-size.mjs   (builds from sources with Vite; needs no prior build)
// The peer dependency @openfeature/web-sdk is external (the app ships it anyway); its own size is
// printed for reference. Budget: provider + core <= 20 kB gz.
//
// Each case is built twice:
// - as an app: Vite's app build (tree-shaken, fully minified), keeping the entry's exports. This is
//   what a browser downloads, and what the budget is checked on.
// - as a library: Vite's lib mode, ES format. Vite keeps whitespace and module comments there (so
//   that a later bundler still sees pure annotations), so it is not "minified"; shown for
//   comparison with earlier runs of this bench, which measured only that.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { machineLine, markdownTable } from './bench-support.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BUDGET_GZ = 20 * 1024;

const alias = [
  { find: /^@rollgate\/([a-z-]+)\/([a-z-]+)$/, replacement: `${root}packages/$1/src/$2.ts` },
  { find: /^@rollgate\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
];

const cases = [
  {
    name: 'typical app import (provider + readBootstrap)',
    code: `import { RollgateWebProvider, readBootstrap } from '@rollgate/openfeature-web';
export const make = (o) => new RollgateWebProvider({ ...o, bootstrap: readBootstrap(document).value });`,
    external: true,
    budget: true,
  },
  {
    name: 'whole public surface of @rollgate/openfeature-web',
    code: `export * from '@rollgate/openfeature-web';`,
    external: true,
    budget: true,
  },
];
if (existsSync(`${root}packages/openfeature-web/src/rollout.ts`)) {
  // Opt-in (`rollout` stages, `requires`): not budgeted, so its cost is stated here.
  cases.push({
    name: 'typical app + rollout extension (/rollout)',
    code: `import { RollgateWebProvider, readBootstrap } from '@rollgate/openfeature-web';
import { rolloutExtension } from '@rollgate/openfeature-web/rollout';
export const make = (o) => new RollgateWebProvider({ ...o, extensions: [rolloutExtension], bootstrap: readBootstrap(document).value });`,
    external: true,
    budget: false,
  });
}
if (existsSync(`${root}packages/openfeature-web/src/posthog.ts`)) {
  cases.push({
    name: 'PostHog entry (PosthogWebProvider + readBootstrap), no flagd compiler',
    code: `import { readBootstrap } from '@rollgate/openfeature-web';
import { PosthogWebProvider } from '@rollgate/openfeature-web/posthog';
export const make = (o) => new PosthogWebProvider({ ...o, bootstrap: readBootstrap(document).value });`,
    external: true,
    budget: false,
  });
}
cases.push(
  {
    name: 'breakdown: the core functions the provider imports',
    code: `export { compileFlagd, evaluate, evaluateAll, toResolutionDetails, documentHash, diffDocuments, buildExposureEvent, exposureDedupKey } from '@rollgate/core';`,
    external: true,
    budget: false,
  },
  {
    name: 'breakdown: core compileFlagd alone',
    code: `export { compileFlagd } from '@rollgate/core';`,
    external: true,
    budget: false,
  },
);
cases.push({
  name: 'reference: @openfeature/web-sdk itself (not counted)',
  code: `export { OpenFeature, InMemoryProvider } from '@openfeature/web-sdk';`,
  external: false,
  budget: false,
});

function virtualEntry(code) {
  return {
    name: 'virtual-entry',
    enforce: 'pre',
    // Vite hands the lib entry over as an absolute path; match on the name.
    resolveId: (id) => (id.endsWith('virtual:entry') ? '\0virtual:entry' : null),
    load: (id) => (id === '\0virtual:entry' ? code : null),
  };
}

/** Builds `item` as an app (`mode: 'app'`) or an ES library, returning the JS and its gzip -9 size. */
async function measure(item, mode) {
  const external = item.external ? [/^@openfeature\//] : [];
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias },
    plugins: [virtualEntry(item.code)],
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      ...(mode === 'app'
        ? // An app entry normally exports nothing; 'strict' keeps its exports, so the code they reach stays.
          { rollupOptions: { input: 'virtual:entry', preserveEntrySignatures: 'strict', external } }
        : { lib: { entry: 'virtual:entry', formats: ['es'], fileName: 'bundle' }, rollupOptions: { external } }),
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
  const js = outputs.filter((o) => o.type === 'chunk').map((o) => o.code).join('\n');
  return { bytes: js.length, gz: gzipSync(Buffer.from(js), { level: 9 }).length };
}

const rows = [];
for (const item of cases) {
  const app = await measure(item, 'app');
  const lib = await measure(item, 'lib');
  const verdict = item.budget ? (app.gz <= BUDGET_GZ ? 'within 20 kB' : 'OVER 20 kB') : '';
  rows.push([item.name, String(app.bytes), String(app.gz), (app.gz / 1024).toFixed(2), (app.gz / BUDGET_GZ).toFixed(2), verdict, (lib.gz / 1024).toFixed(2)]);
}
console.log(`web bundle size (Vite ${(await import('vite')).version} app build, minified ES2022, gzip -9); ${machineLine()}\n`);
console.log(
  markdownTable(['bundle', 'min bytes', 'min+gz bytes', 'min+gz kB', 'ratio to budget', 'budget', 'lib-mode output, gz kB (whitespace kept)'], rows),
);
const over = rows.filter((r) => r[5] === 'OVER 20 kB');
if (over.length > 0) {
  console.error(`\nover the 20 kB gz budget: ${over.map((r) => r[0]).join('; ')}`);
  process.exitCode = 1;
}
