// A provider over the CTA document whose capture callback and onError record into arrays.
import { RollgateWebProvider, type RollgateWebError } from '@rollgate/openfeature-web';
import { ctaDocument, MemoryStorage } from './fixtures.js';

export interface Captured {
  event: string;
  properties: Record<string, unknown>;
}

/** `capture` replaces the recording callback (e.g. one that throws). */
export function capturingProvider(capture?: (event: string, properties: Record<string, unknown>) => void) {
  const captured: Captured[] = [];
  const errors: RollgateWebError[] = [];
  const provider = new RollgateWebProvider({
    bootstrap: { definitions: ctaDocument() },
    cache: { storage: new MemoryStorage() },
    capture: capture ?? ((event, properties) => captured.push({ event, properties })),
    onError: (e) => errors.push(e),
  });
  return { provider, captured, errors };
}
