// Bundle size of the web provider + core, minified and gzipped, as an app would ship it.
// Usage: node scripts/bench/web-size.mjs   (builds from sources with Vite; needs no prior build)
// The peer dependency @openfeature/web-sdk is external (the app ships it anyway); its own size is
// printed for reference. Budget: provider + core <= 20 kB gz.
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

const rows = [];
for (const item of cases) {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias },
    plugins: [virtualEntry(item.code)],
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry: 'virtual:entry', formats: ['es'], fileName: 'bundle' },
      rollupOptions: { external: item.external ? [/^@openfeature\//] : [] },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
  const js = outputs.filter((o) => o.type === 'chunk').map((o) => o.code).join('\n');
  const gz = gzipSync(Buffer.from(js), { level: 9 }).length;
  const verdict = item.budget ? (gz <= BUDGET_GZ ? 'within 20 kB' : 'OVER 20 kB') : '';
  rows.push([item.name, String(js.length), String(gz), (gz / 1024).toFixed(2), (gz / BUDGET_GZ).toFixed(2), verdict]);
}
console.log(`web bundle size (Vite ${(await import('vite')).version}, minified ES2022, gzip -9); ${machineLine()}\n`);
console.log(markdownTable(['bundle', 'min bytes', 'min+gz bytes', 'min+gz kB', 'ratio to budget', 'budget'], rows));
const over = rows.filter((r) => r[5] === 'OVER 20 kB');
if (over.length > 0) {
  console.error(`\nover the 20 kB gz budget: ${over.map((r) => r[0]).join('; ')}`);
  process.exitCode = 1;
}
