// The logger the provider writes to: OpenFeature's Logger shape, so an app passes its own.
import type { Logger } from '@openfeature/server-sdk';

/**
 * Default: warnings and errors to stderr, prefixed `rollgate:`; info/debug (the change log) are
 * dropped so a CLI's output stays clean. Pass `logger: console` (or the app's logger) to see them.
 */
export const defaultLogger: Logger = {
  error: (...args: unknown[]) => console.error('rollgate:', ...args),
  warn: (...args: unknown[]) => console.error('rollgate:', ...args),
  info: () => {},
  debug: () => {},
};

/** Wraps a logger so a throwing app logger can never break the provider. */
export function safeLogger(logger: Logger): Logger {
  const guard =
    (fn: (...args: unknown[]) => void) =>
    (...args: unknown[]): void => {
      try {
        fn.apply(logger, args);
      } catch {
        // A logger that throws must not take the provider down with it.
      }
    };
  return {
    error: guard(logger.error),
    warn: guard(logger.warn),
    info: guard(logger.info),
    debug: guard(logger.debug),
  };
}
