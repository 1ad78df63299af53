// @rollgate/openfeature-web/posthog: PostHog's local-evaluation definitions, evaluated in the
// browser synchronously (the core's own SHA-1, no Web Crypto promise). A separate entry point so
// the flagd-only bundle does not carry the PostHog compiler.
import { compilePosthog } from '@rollgate/core/posthog';
import type { Dialect } from './definitions/dialect.js';

/**
 * Pass as `dialect` to read PostHog flag definitions (the `/api/feature_flag/local_evaluation`
 * shape) from `url`, `bootstrap` or the cache. The context's `targetingKey` is PostHog's
 * distinct id; other attributes are person properties.
 *
 * @example new RollgateWebProvider({ url: '/flags/posthog.json', dialect: posthogDialect })
 */
export const posthogDialect: Dialect = { name: 'posthog', compile: compilePosthog };
