// Reads shadow comparison logs (JSON lines, optionally gzip-compressed) into a summary, streaming.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { AnalysisError } from '../errors/analysis-error.js';
import { ShadowLogAccumulator, type ShadowLogSummary, type SummaryOptions } from './shadow-log-summary.js';

/**
 * Summarises one or more logs (e.g. rotated files, `.gz` ones decompressed on the fly), in order.
 * Bad lines are counted with their reason and location, never fatal. A file that cannot be read
 * (missing, not gzip despite its name) throws AnalysisError `SHADOW_LOG_UNREADABLE` naming it.
 */
export async function readShadowLogs(files: readonly string[], options: SummaryOptions = {}): Promise<ShadowLogSummary> {
  const acc = new ShadowLogAccumulator(options);
  for (const file of files) {
    acc.startFile(file);
    try {
      const raw = createReadStream(file);
      const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
      // Errors of the gunzip stream do not reach the raw one: forward them so the loop rejects.
      if (input !== raw) raw.on('error', (error) => input.destroy(error));
      const lines = createInterface({ input, crlfDelay: Infinity });
      let n = 0;
      for await (const line of lines) {
        n += 1;
        acc.add(line, file, n);
      }
    } catch (error) {
      throw new AnalysisError('SHADOW_LOG_UNREADABLE', `cannot read shadow log ${file}: ${(error as Error).message}`, { cause: error });
    }
  }
  return acc.finish();
}
