// `rollgate eval --flag`: the one-line contract, explain, and bad input at the edge.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { memoryIo } from './support/memory-io.js';
import { exampleFlags } from './support/paths.js';

const contractFields = ['flagKey', 'value', 'variant', 'reason', 'errorCode', 'errorMessage', 'flagMetadata'];

async function evalLine(args: string[]): Promise<{ code: number; result: Record<string, unknown>; err: string }> {
  const io = memoryIo();
  const code = await main(['eval', '--flags', exampleFlags, ...args], io);
  const lines = io.outLines();
  expect(lines).toHaveLength(1);
  return { code, result: JSON.parse(lines[0] ?? 'null') as Record<string, unknown>, err: io.err() };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-cli-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('rollgate eval --flag (command-line contract)', () => {
  it('prints one JSON line with the contract fields: an @example.com email turns new-checkout on', async () => {
    const { code, result } = await evalLine([
      '--flag', 'new-checkout', '--context', '{"targetingKey":"user-1","email":"ana@example.com"}',
    ]);
    expect(code).toBe(0);
    expect(result).toMatchObject({ flagKey: 'new-checkout', value: true, variant: 'on', reason: 'TARGETING_MATCH' });
    expect(Object.keys(result).every((k) => contractFields.includes(k))).toBe(true);
    expect(result).not.toHaveProperty('errorCode');
  });

  it('flagMetadata is the flag-set metadata overlaid by the flag metadata', async () => {
    const { result } = await evalLine(['--flag', 'new-checkout', '--context', '{"targetingKey":"u"}']);
    expect(result['flagMetadata']).toEqual({ flagSetId: 'rollgate-examples', version: '1', owner: 'payments', ticket: 'PAY-1234' });
  });

  it('a disabled flag returns the caller default with reason DISABLED', async () => {
    const { result } = await evalLine(['--flag', 'legacy-dashboard', '--default', 'false']);
    expect(result).toMatchObject({ flagKey: 'legacy-dashboard', value: false, reason: 'DISABLED' });
  });

  it('$ref targeting picks the object variant for an enterprise plan', async () => {
    const { result } = await evalLine(['--flag', 'provision-limits', '--context', '{"targetingKey":"org-7","plan":"enterprise"}']);
    expect(result).toMatchObject({ variant: 'pro', value: { maxMachines: 50, regions: ['eu-west', 'us-east'] } });
  });

  it('without --type or --default the flag\'s own type is used (no TYPE_MISMATCH)', async () => {
    const { result } = await evalLine(['--flag', 'fast-provision', '--context', '{"targetingKey":"user-42"}']);
    expect(['control', 'test']).toContain(result['value']);
    expect(result['reason']).toBe('TARGETING_MATCH');
  });

  it('--type that contradicts the flag resolves to TYPE_MISMATCH with the default', async () => {
    const { code, result } = await evalLine(['--flag', 'new-checkout', '--type', 'string', '--default', '"x"']);
    expect(code).toBe(0);
    expect(result).toMatchObject({ value: 'x', reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(typeof result['errorMessage']).toBe('string');
  });

  it('an unknown flag resolves to FLAG_NOT_FOUND with the default; --fail-on-error makes it exit 1', async () => {
    const plain = await evalLine(['--flag', 'nope', '--default', '"fallback"']);
    expect(plain.code).toBe(0);
    expect(plain.result).toMatchObject({ flagKey: 'nope', value: 'fallback', reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    const strict = await evalLine(['--flag', 'nope', '--default', '"fallback"', '--fail-on-error']);
    expect(strict.code).toBe(1);
  });

  it('--explain adds a trace naming the attribute and the fractional bucket', async () => {
    const { result } = await evalLine([
      '--flag', 'new-checkout', '--context', '{"targetingKey":"user-9","email":"bo@elsewhere.org"}', '--explain',
    ]);
    const trace = result['trace'] as Array<{ path: string; message: string; data?: Record<string, unknown> }>;
    expect(Array.isArray(trace) && trace.length > 0).toBe(true);
    const text = JSON.stringify(trace);
    expect(text).toContain('email');
    expect(trace.some((step) => step.data !== undefined && 'bucket' in step.data)).toBe(true);
    expect(trace.every((step) => step.path.startsWith('$.'))).toBe(true);
  });

  it('--all evaluates every flag as its own type, one line each, in document order', async () => {
    const io = memoryIo();
    const code = await main(['eval', '--flags', exampleFlags, '--all', '--context', '{"targetingKey":"org-7","plan":"pro","email":"x@example.com"}'], io);
    expect(code).toBe(0);
    const results = io.outLines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(results.map((r) => r['flagKey'])).toEqual(['new-checkout', 'fast-provision', 'provision-limits', 'legacy-dashboard']);
    expect(results[0]).toMatchObject({ value: true, variant: 'on' });
    expect(results[2]).toMatchObject({ variant: 'pro' });
    // A disabled flag has no caller default under --all: value null, no variant.
    expect(results[3]).toEqual(expect.objectContaining({ value: null, reason: 'DISABLED' }));
    expect(results[3]).not.toHaveProperty('variant');
  });

  it('--flags - reads the document from stdin', async () => {
    const io = memoryIo({ stdin: '{"flags":{"f":{"state":"ENABLED","variants":{"a":"A"},"defaultVariant":"a"}}}' });
    expect(await main(['eval', '--flags', '-', '--flag', 'f'], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual({ flagKey: 'f', value: 'A', variant: 'a', reason: 'STATIC', flagMetadata: {} });
  });

  it('without --explain there is no trace', async () => {
    const { result } = await evalLine(['--flag', 'new-checkout', '--context', '{"targetingKey":"user-9"}']);
    expect(result).not.toHaveProperty('trace');
  });
});

describe('rollgate eval: bad input is a clear error naming what and where (exit 2)', () => {
  async function failing(args: string[]): Promise<{ code: number; err: string; out: string }> {
    const io = memoryIo();
    const code = await main(['eval', ...args], io);
    return { code, err: io.err(), out: io.out() };
  }

  it('a missing --flags file names the path', async () => {
    const { code, err, out } = await failing(['--flags', '/nonexistent/flags.json', '--flag', 'x']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('--flags: file not found: /nonexistent/flags.json');
  });

  it('a --flags file that is not JSON names the file and the line', async () => {
    const path = tempFile('broken.json', '{\n  "flags": {\n    "a": { "state": "ENABLED", }\n  }\n}\n');
    const { code, err } = await failing(['--flags', path, '--flag', 'a']);
    expect(code).toBe(2);
    expect(err).toContain(path);
    expect(err).toContain('not valid JSON');
    expect(err).toMatch(/line 3/i);
  });

  it('an invalid document lists every problem with flag and JSON path, nothing evaluated', async () => {
    const doc = {
      flags: {
        alpha: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'missing' },
        beta: { state: 'SOMETIMES', variants: { on: true }, defaultVariant: 'on' },
      },
    };
    const path = tempFile('invalid.json', JSON.stringify(doc));
    const { code, err, out } = await failing(['--flags', path, '--flag', 'alpha']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('$.flags.alpha');
    expect(err).toContain('$.flags.beta');
  });

  it('--context that is not JSON names --context and the position', async () => {
    const { code, err } = await failing(['--flags', exampleFlags, '--flag', 'new-checkout', '--context', '{"targetingKey": user-1}']);
    expect(code).toBe(2);
    expect(err).toContain('--context is not valid JSON');
    expect(err).toMatch(/column \d+/i);
  });

  it('--context that is not an object is INVALID_CONTEXT', async () => {
    const { code, err } = await failing(['--flags', exampleFlags, '--flag', 'new-checkout', '--context', '["a"]']);
    expect(code).toBe(2);
    expect(err).toContain('--context must be a JSON object, got an array');
  });

  it('a --default that contradicts --type is a usage error', async () => {
    const { code, err } = await failing(['--flags', exampleFlags, '--flag', 'new-checkout', '--type', 'boolean', '--default', '"yes"']);
    expect(code).toBe(2);
    expect(err).toContain('--default is a string but --type is boolean');
  });

  it('an unknown option is a usage error pointing at --help', async () => {
    const { code, err } = await failing(['--flags', exampleFlags, '--flag', 'x', '--contxt', '{}']);
    expect(code).toBe(2);
    expect(err).toContain("Unknown option '--contxt'");
    expect(err).toContain('rollgate eval --help');
  });

  it('--flags and --requests cannot both read stdin', async () => {
    const { code, err } = await failing(['--flags', '-', '--requests', '-']);
    expect(code).toBe(2);
    expect(err).toContain('--flags and --requests cannot both read stdin');
  });

  it('--requests with a per-request option is a usage error', async () => {
    const { code, err } = await failing(['--flags', exampleFlags, '--requests', '-', '--context', '{}']);
    expect(code).toBe(2);
    expect(err).toContain('--context cannot be combined with --requests');
  });

  it('neither --flag nor --requests is a usage error', async () => {
    const { code, err } = await failing(['--flags', exampleFlags]);
    expect(code).toBe(2);
    expect(err).toContain('give --flag KEY');
  });
});
