import type { Logger } from '@openfeature/server-sdk';

export interface MemoryLogger extends Logger {
  readonly lines: Array<{ level: 'error' | 'warn' | 'info' | 'debug'; text: string }>;
  text(level?: 'error' | 'warn' | 'info' | 'debug'): string;
}

/** Records what the provider logs, so tests can assert warnings and the change log. */
export function memoryLogger(): MemoryLogger {
  const lines: MemoryLogger['lines'] = [];
  const at =
    (level: 'error' | 'warn' | 'info' | 'debug') =>
    (...args: unknown[]): void => {
      lines.push({ level, text: args.map(String).join(' ') });
    };
  return {
    lines,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    text(level) {
      return lines
        .filter((line) => level === undefined || line.level === level)
        .map((line) => line.text)
        .join('\n');
    },
  };
}
