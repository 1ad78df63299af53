// @rollgate/openfeature-web/rollout: the rollout extension (`rollout` stages with a kill switch,
// `requires` sub-feature flags) for flagd definitions in the browser. A separate entry point so
// apps that do not use rollouts do not ship it.
/**
 * @example
 * import { rolloutExtension } from '@rollgate/openfeature-web/rollout';
 * new RollgateWebProvider({ url: '/flags.json', extensions: [rolloutExtension] });
 */
export { rolloutExtension } from '@rollgate/core';
