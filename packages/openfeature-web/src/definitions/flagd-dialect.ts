import { compileFlagd } from '@rollgate/core';
import type { Dialect } from './dialect.js';

/** flagd's flag definition format (the default of `RollgateWebProvider`). */
export const flagdDialect: Dialect = { name: 'flagd', compile: compileFlagd };
