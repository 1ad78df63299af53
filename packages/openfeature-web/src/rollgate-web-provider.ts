// The web provider for flagd-format definitions (the main entry point).
import { flagdDialect } from './definitions/flagd-dialect.js';
import type { RollgateWebProviderOptions } from './options.js';
import { WebProviderBase } from './web-provider-base.js';

/**
 * OpenFeature web (static-context) provider for Rollgate / flagd definitions.
 *
 * @example
 * await OpenFeature.setProviderAndWait(
 *   new RollgateWebProvider({ url: '/flags.json', bootstrap: readBootstrap(document).value }),
 *   { targetingKey: user.id },
 * );
 */
export class RollgateWebProvider extends WebProviderBase {
  constructor(options: RollgateWebProviderOptions) {
    super(options, flagdDialect);
  }
}
