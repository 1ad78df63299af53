// @rollgate/openfeature-web/posthog: PostHog's local-evaluation definitions, evaluated in the
// browser synchronously (the core's own SHA-1, no Web Crypto promise). A separate entry point so
// neither bundle carries the other's compiler.
import { compilePosthog } from '@rollgate/core/posthog';
import type { Dialect } from './definitions/dialect.js';
import type { RollgateWebProviderOptions } from './options.js';
import { WebProviderBase } from './web-provider-base.js';

/**
 * PostHog flag definitions (the `/api/feature_flag/local_evaluation` shape). The context's
 * `targetingKey` is PostHog's distinct id; other attributes are person properties.
 */
export const posthogDialect: Dialect = { name: 'posthog', compile: compilePosthog };

/**
 * The web provider reading PostHog definitions from `url`, `bootstrap` or the cache.
 *
 * @example new PosthogWebProvider({ url: '/flags/posthog.json', capture: (e, p) => posthog.capture(e, p) })
 */
export class PosthogWebProvider extends WebProviderBase {
  constructor(options: RollgateWebProviderOptions) {
    super(options, posthogDialect);
  }
}
