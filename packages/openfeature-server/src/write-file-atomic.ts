// Entry point `@rollgate/openfeature-server/write-file-atomic`: crash-safe file replacement alone,
// for callers (the CLI) that must not load the provider and the OpenFeature SDK to write a file.
export { syncDirectory, writeFileAtomic } from './cache/write-file-atomic.js';
export type { WriteFileAtomicOptions } from './cache/write-file-atomic.js';
