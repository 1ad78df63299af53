// Server side: turns a bootstrap into text that is safe inside an inline <script> element.
import type { Bootstrap } from './bootstrap.js';

/**
 * JSON with `<`, `>`, `&`, U+2028 and U+2029 escaped, so a flag value such as `</script>` cannot
 * close the element or inject markup. Put the result in
 * `<script type="application/json" id="rollgate-bootstrap">...</script>`; `readBootstrap` reads it.
 *
 * @example serializeBootstrap({ definitions: { flags: {} } }) // '{"definitions":{"flags":{}}}'
 */
export function serializeBootstrap(bootstrap: Bootstrap): string {
  return JSON.stringify(bootstrap).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
