import { compileFlagd } from '@rollgate/core';
import type { Dialect } from './dialect.js';

/** Where the "needs the rollout extension" issue sends a browser developer. */
const EXTENSION_HINT = "give the provider `extensions: [rolloutExtension]`, imported from '@rollgate/openfeature-web/rollout'";

/**
 * flagd's flag definition format (the default of `RollgateWebProvider`). Rollgate's `rollout` /
 * `requires` keys need the provider's `extensions` option (they are opt-in to keep the bundle small).
 */
export const flagdDialect: Dialect = {
  name: 'flagd',
  compile: (document, options) => compileFlagd(document, { extensions: options?.extensions, extensionHint: EXTENSION_HINT }),
};
