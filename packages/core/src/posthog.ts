// @rollgate/core/posthog: PostHog's local-evaluation definitions as a Rollgate dialect.
export { compilePosthog } from './posthog/compile-posthog.js';
export { evaluatePosthog } from './posthog/evaluate-posthog.js';
export type { PosthogEvaluateOptions, PosthogEvaluation } from './posthog/evaluate-posthog.js';
export type { PosthogValue } from './posthog/compiled-types.js';
export type { UnresolvedReason } from './posthog/unresolved.js';
export { posthogHash } from './posthog/bucket-hash.js';
export { sha1Hex } from './posthog/sha1.js';
export { compilePosthogRemote } from './posthog/compile-remote-flags.js';
export type { RemoteFlagsOptions } from './posthog/compile-remote-flags.js';
