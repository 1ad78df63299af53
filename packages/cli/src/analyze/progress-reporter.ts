// A one-line load progress indicator on stderr, redrawn in place ("\r"), for loads that take
// more than a moment. Silent until the load has run for `delayMs`, so quick loads print nothing.
import type { LoadProgress } from '@rollgate/analysis';
import type { TextWriter } from '../io.js';

export interface ProgressReporter {
  onProgress(progress: LoadProgress): void;
  /** Clears the line if anything was drawn. */
  done(): void;
}

export function progressReporter(stderr: TextWriter, delayMs = 1000, now: () => number = Date.now): ProgressReporter {
  const started = now();
  let drawn = false;
  let last = '';
  return {
    onProgress(p) {
      if (now() - started < delayMs) return;
      const name = p.file.length > 40 ? `...${p.file.slice(-37)}` : p.file;
      const pct = p.percentage >= 0 ? ` ${p.percentage.toFixed(0)}%` : '';
      const line =
        p.phase === 'reading'
          ? `loading events: file ${p.fileNumber}/${p.fileCount} ${name}${pct}`
          : `loading events: collapsing duplicate uuids${pct}`;
      if (line === last) return;
      last = line;
      drawn = true;
      stderr.write(`\r\x1b[2K${line}`);
    },
    done() {
      if (drawn) stderr.write('\r\x1b[2K');
    },
  };
}
