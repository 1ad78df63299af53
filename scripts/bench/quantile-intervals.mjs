#!/usr/bin/env node
// Cost of a clustered quantile interval in a go/no-go plan: the seeded cluster bootstrap (2000
// resamples; the weighted-walk version plans use, and the generic sort-per-resample one it replaces,
// which gives identical intervals) and the Deng-Knoblich-Lu outer interval, against the plain type-7
// quantile of the same runs, measured in the same run. Needs `npm run build`.
import { clusterBootstrapInterval, clusterBootstrapQuantileInterval, dklQuantileInterval, quantileSorted, quantileType7 } from '@rollgate/analysis';
import { machineLine, markdownTable, median, prng } from './bench-support.mjs';

const random = prng(6);
const sizes = [1_000, 10_000, 50_000];
const rows = [];
for (const runs of sizes) {
  // Conversations of 1-6 runs with a per-conversation speed factor, like real agent sessions.
  const clusters = [];
  for (let n = 0; n < runs; ) {
    const k = Math.min(runs - n, 1 + Math.floor(random() * 6));
    const machine = Math.exp(0.25 * (random() - 0.5));
    clusters.push(Array.from({ length: k }, () => machine * (2000 + 4000 * random())));
    n += k;
  }
  const time = (fn, repeat) => {
    const samples = [];
    for (let i = 0; i < repeat; i++) {
      const t = process.hrtime.bigint();
      fn();
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(samples);
  };
  const flat = clusters.flat();
  const plain = time(() => quantileType7(flat, 0.9), 9);
  const dkl = time(() => dklQuantileInterval(clusters, 0.9), 9);
  const bootstrap = time(() => clusterBootstrapQuantileInterval([clusters], 0.9, { seed: 1, resamples: 2000 }), 3);
  // The generic version sorts every resample: measured on the smallest size only (minutes beyond).
  const generic = runs <= 1_000 ? time(() => clusterBootstrapInterval(clusters, (cs) => quantileSorted(Float64Array.from(cs.flat()).sort(), 0.9), { seed: 1, resamples: 2000 }), 1) : Number.NaN;
  rows.push([String(runs), String(clusters.length), plain.toFixed(2), dkl.toFixed(2), bootstrap.toFixed(0), Number.isNaN(generic) ? 'not run' : generic.toFixed(0), `${(dkl / plain).toFixed(1)}x`, `${(bootstrap / plain).toFixed(0)}x`]);
}
process.stdout.write(`${machineLine()}\n\np90 with a 95% interval over conversations (median ms; ratios against the plain quantile of the same runs)\n\n`);
process.stdout.write(`${markdownTable(['runs', 'conversations', 'plain type-7 ms', 'DKL ms', 'bootstrap 2000 ms', 'generic bootstrap 2000 ms', 'DKL / plain', 'bootstrap / plain'], rows)}\n`);
