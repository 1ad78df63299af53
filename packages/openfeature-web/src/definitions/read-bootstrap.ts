// Reads the bootstrap a server render put in `<script type="application/json" id="...">`.
import type { Result } from '@rollgate/core';
import type { Bootstrap } from './bootstrap.js';
import { validateBootstrap } from './validate-bootstrap.js';

/** The element id `readBootstrap` looks for by default. */
export const DEFAULT_BOOTSTRAP_ELEMENT_ID = 'rollgate-bootstrap';

/**
 * Finds and parses the inline bootstrap. Never throws: a missing element is `ok` with `undefined`
 * (the page was not server-rendered), a malformed one is an error message to log while the
 * provider falls back to the cache or the URL.
 */
export function readBootstrap(
  root: Pick<Document, 'getElementById'>,
  elementId: string = DEFAULT_BOOTSTRAP_ELEMENT_ID,
): Result<Bootstrap | undefined, string> {
  const element = root.getElementById(elementId);
  if (element === null) return { ok: true, value: undefined };
  const text = element.textContent ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `bootstrap #${elementId}: invalid JSON: ${(error as Error).message}` };
  }
  return validateBootstrap(parsed);
}
