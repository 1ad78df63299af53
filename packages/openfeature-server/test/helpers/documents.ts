// flagd-format definitions used across the tests.

export function flagsDocument(flags: Record<string, unknown>): string {
  return JSON.stringify({ flags });
}

/** A small document: a boolean with targeting, a string, a number and an object flag. */
export function sampleDocument(checkoutDefault: 'on' | 'off' = 'off'): string {
  return flagsDocument({
    'new-checkout': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: checkoutDefault,
      targeting: { if: [{ '==': [{ var: 'plan' }, 'pro'] }, 'on'] },
    },
    'button-label': { state: 'ENABLED', variants: { short: 'Go', long: 'Create instance' }, defaultVariant: 'long' },
    'max-retries': { state: 'ENABLED', variants: { few: 2, many: 9 }, defaultVariant: 'few' },
    'theme': {
      state: 'ENABLED',
      variants: { dark: { bg: '#000', fg: '#fff' }, light: { bg: '#fff', fg: '#000' } },
      defaultVariant: 'dark',
    },
  });
}

/** Documents that must be rejected, each broken in a different way. */
export const MALFORMED: readonly string[] = [
  '',
  '{',
  'null',
  '[]',
  '"flags"',
  '{"flags": 3}',
  '{"flags": {"x": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "missing"}}}',
  '{"flags": {"x": {"state": "ENABLED", "variants": {"a": true, "b": "mixed"}, "defaultVariant": "a"}}}',
  '{"flags": {"x": {"state": "SOMETIMES", "variants": {"on": true}, "defaultVariant": "on"}}}',
  '{"flags": {"x": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on", "targeting": {"nope": [1]}}}}',
  '{"flagz": {}}',
  '\u0000\u0001binary',
  '<html>502 Bad Gateway</html>',
];
