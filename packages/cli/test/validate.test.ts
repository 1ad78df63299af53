// `rollgate validate`: exit 0 with a summary, or exit 2 with every problem (flag + JSON path).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { memoryIo } from './support/memory-io.js';
import { exampleFlags } from './support/paths.js';

function tempFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rollgate-validate-')), 'flags.json');
  writeFileSync(path, text);
  return path;
}

const twoBadFlags = JSON.stringify({
  flags: {
    good: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
    alpha: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'missing' },
    beta: { state: 'SOMETIMES', variants: { on: true }, defaultVariant: 'on' },
  },
});

describe('rollgate validate', () => {
  it('a valid document exits 0 with a one-line summary', async () => {
    const io = memoryIo();
    expect(await main(['validate', exampleFlags], io)).toBe(0);
    expect(io.out()).toContain('valid flagd document, 4 flags (3 enabled, 1 disabled; 3 with targeting)');
  });

  it('an invalid document exits 2 and lists every problem with its flag and JSON path', async () => {
    const io = memoryIo();
    const path = tempFile(twoBadFlags);
    expect(await main(['validate', path], io)).toBe(2);
    const err = io.err();
    expect(err).toContain(path);
    expect(err).toMatch(/\$\.flags\.alpha\S* \(flag "alpha"\): /);
    expect(err).toMatch(/\$\.flags\.beta\S* \(flag "beta"\): /);
    expect(err).not.toContain('"good"');
    expect(io.out()).toBe('');
  });

  it('--json reports the same problems as data', async () => {
    const io = memoryIo();
    expect(await main(['validate', tempFile(twoBadFlags), '--json'], io)).toBe(2);
    const report = JSON.parse(io.out()) as { ok: boolean; problems: Array<{ path: string; flagKey?: string }> };
    expect(report.ok).toBe(false);
    const flags = new Set(report.problems.map((p) => p.flagKey));
    expect(flags).toEqual(new Set(['alpha', 'beta']));
  });

  it('--json answers in JSON when the file cannot be read too (a script parses stdout)', async () => {
    const io = memoryIo();
    expect(await main(['validate', '/nonexistent/x.json', '--json'], io)).toBe(2);
    const report = JSON.parse(io.out()) as { ok: boolean; problems: Array<{ path: string; message: string }> };
    expect(report).toMatchObject({ ok: false, file: '/nonexistent/x.json', format: 'flagd' });
    expect(report.problems).toEqual([{ path: '$', message: 'definitions: file not found: /nonexistent/x.json' }]);
  });

  it('text that is not JSON is named with its line', async () => {
    const io = memoryIo();
    expect(await main(['validate', tempFile('{"flags": {\n"a": tru\n}}')], io)).toBe(2);
    expect(io.err()).toContain('not valid JSON');
    expect(io.err()).toMatch(/line 2/i);
  });

  it('reads stdin with "-"', async () => {
    const io = memoryIo({ stdin: '{"flags":{"x":{"state":"ENABLED","variants":{"a":"a"},"defaultVariant":"a"}}}' });
    expect(await main(['validate', '-'], io)).toBe(0);
    expect(io.out()).toContain('stdin: valid flagd document, 1 flag');
  });

  it('a UTF-8 byte-order mark before the document is accepted', async () => {
    const io = memoryIo();
    expect(await main(['validate', tempFile('\ufeff{"flags":{}}')], io)).toBe(0);
    expect(io.out()).toContain('valid flagd document, 0 flags');
  });

  it('a missing file and a missing argument are exit 2 with the reason', async () => {
    const missing = memoryIo();
    expect(await main(['validate', '/nonexistent/x.json'], missing)).toBe(2);
    expect(missing.err()).toContain('file not found: /nonexistent/x.json');
    expect(missing.err()).not.toContain('validate: validate:');
    const bare = memoryIo();
    expect(await main(['validate'], bare)).toBe(2);
    expect(bare.err()).toContain('give the definitions FILE');
  });
});
