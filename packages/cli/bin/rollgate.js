#!/usr/bin/env node
// Thin launcher: the command line lives in dist/ (built by `npm ci` through the root `prepare`).
import { main } from '../dist/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`rollgate: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
