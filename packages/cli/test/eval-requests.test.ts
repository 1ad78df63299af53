// `rollgate eval --requests`: one result per request, in order, bad lines reported in place,
// streamed with backpressure.
import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compileFlagd, evaluate, toResolutionDetails } from '@rollgate/core';
import type { CompiledDocument, FlagType, FlagValue } from '@rollgate/core';
import { main } from '../src/main.js';
import type { Io } from '../src/io.js';
import { memoryIo } from './support/memory-io.js';
import { exampleFlags, exampleRequests } from './support/paths.js';

function exampleDocument(): CompiledDocument {
  const compiled = compileFlagd(JSON.parse(readFileSync(exampleFlags, 'utf8')));
  if (!compiled.ok) throw new Error(`example flags do not compile: ${JSON.stringify(compiled.error)}`);
  return compiled.value;
}

/** What the engine itself answers for a request: the oracle the CLI's lines must equal. */
function expectedLine(doc: CompiledDocument, flagKey: string, type: FlagType, defaultValue: FlagValue, context: Record<string, unknown>) {
  return { flagKey, ...toResolutionDetails(evaluate(doc, flagKey, type, defaultValue, context)) };
}

/** Request i of a deterministic mix: both benchmark flags, an unknown flag, and a bad line every 997. */
function request(i: number): string {
  if (i % 997 === 500) return `{"flagKey":"new-checkout", "context": {oops ${i}}`;
  if (i % 13 === 0) return JSON.stringify({ flagKey: `missing-${i}`, type: 'string', defaultValue: `d${i}`, context: { targetingKey: `k${i}` } });
  if (i % 2 === 0) {
    const email = i % 10 === 4 ? `u${i}@example.com` : `u${i}@other.org`;
    return JSON.stringify({ flagKey: 'new-checkout', type: 'boolean', defaultValue: false, context: { targetingKey: `user-${i}`, email } });
  }
  return JSON.stringify({ flagKey: 'fast-provision', type: 'string', defaultValue: 'control', context: { targetingKey: `user-${i}` } });
}

function requestStream(count: number, onPull?: (i: number) => void): Readable {
  // Lines are generated lazily, in batches, so the test itself holds no big input in memory.
  function* lines(): Generator<string> {
    for (let start = 0; start < count; start += 100) {
      let chunk = '';
      for (let i = start; i < Math.min(count, start + 100); i += 1) {
        onPull?.(i);
        chunk += `${request(i)}\n`;
      }
      yield chunk;
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

describe('rollgate eval --requests (streaming contract)', () => {
  it('prints one result per request, in input order, equal to the engine\'s own answer', async () => {
    const count = 10_000;
    const doc = exampleDocument();
    const io = memoryIo({ stdin: requestStream(count), stdoutHighWaterMark: 1024 });
    const code = await main(['eval', '--flags', exampleFlags, '--requests', '-'], io);
    expect(code).toBe(0);
    const lines = io.outLines();
    expect(lines).toHaveLength(count);
    for (let i = 0; i < count; i += 1) {
      const got = JSON.parse(lines[i] ?? '') as Record<string, unknown>;
      const parsed = (() => {
        try {
          return JSON.parse(request(i)) as { flagKey: string; type: FlagType; defaultValue: FlagValue; context: Record<string, unknown> };
        } catch {
          return undefined;
        }
      })();
      if (parsed === undefined) {
        expect(got, `line ${i + 1}`).toMatchObject({ reason: 'ERROR', errorCode: 'PARSE_ERROR' });
        expect(got['errorMessage'], `line ${i + 1}`).toMatch(new RegExp(`^line ${i + 1}: not valid JSON`));
      } else {
        expect(got, `line ${i + 1}`).toEqual(expectedLine(doc, parsed.flagKey, parsed.type, parsed.defaultValue, parsed.context));
      }
    }
  });

  it('a malformed line never aborts the stream: each problem is reported at its own line', async () => {
    const input = [
      '{"flagKey":"new-checkout","type":"boolean","defaultValue":false,"context":{"targetingKey":"a","email":"a@example.com"}}',
      'this is not json',
      '[1,2,3]',
      '{"flagKey":"new-checkout","type":"boolean","defaultValue":false,"context":"not-an-object"}',
      '{"flagKey":"new-checkout","context":{"targetingKey":42}}',
      '{"flagKey":"new-checkout","contxt":{}}',
      '',
      '{"type":"boolean"}',
      '{"flagKey":"new-checkout","type":"boolean","defaultValue":"yes"}',
      '{"flagKey":"fast-provision","type":"string","defaultValue":"control","context":{"targetingKey":"b"}}',
    ].join('\n');
    const io = memoryIo({ stdin: input });
    const code = await main(['eval', '--flags', exampleFlags, '--requests', '-'], io);
    expect(code).toBe(0);
    const results = io.outLines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(results).toHaveLength(9); // the blank line 7 is not a request
    expect(results[0]).toMatchObject({ flagKey: 'new-checkout', value: true, reason: 'TARGETING_MATCH' });
    expect(results[1]).toMatchObject({ errorCode: 'PARSE_ERROR', errorMessage: expect.stringMatching(/^line 2: not valid JSON/) });
    expect(results[2]).toMatchObject({ errorCode: 'PARSE_ERROR', errorMessage: 'line 3: a request must be a JSON object, got an array' });
    expect(results[3]).toMatchObject({ flagKey: 'new-checkout', value: false, errorCode: 'INVALID_CONTEXT', errorMessage: expect.stringMatching(/^line 4: context must be a JSON object/) });
    expect(results[4]).toMatchObject({ errorCode: 'INVALID_CONTEXT', errorMessage: 'line 5: context.targetingKey must be a string, got a number' });
    expect(results[5]).toMatchObject({ errorCode: 'PARSE_ERROR', errorMessage: expect.stringMatching(/^line 6: unknown field "contxt"/) });
    expect(results[6]).toMatchObject({ errorCode: 'PARSE_ERROR', errorMessage: 'line 8: flagKey must be a non-empty string' });
    expect(results[7]).toMatchObject({ errorCode: 'PARSE_ERROR', errorMessage: 'line 9: defaultValue is a string but type is boolean' });
    expect(results[8]).toMatchObject({ flagKey: 'fast-provision', reason: 'TARGETING_MATCH' });
    for (const r of results.slice(1, 8)) expect(r['reason']).toBe('ERROR');
    expect(io.err()).toContain('7 of 9 requests resolved with an error (7 invalid request lines; first error at line 2)');
  });

  it('CRLF line endings and a UTF-8 byte-order mark are accepted', async () => {
    const io = memoryIo({ stdin: '\ufeff{"flagKey":"fast-provision","context":{"targetingKey":"a"}}\r\n{"flagKey":"new-checkout","context":{"targetingKey":"b"}}\r\n' });
    expect(await main(['eval', '--flags', exampleFlags, '--requests', '-'], io)).toBe(0);
    const results = io.outLines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(results.map((r) => [r['flagKey'], r['reason']])).toEqual([['fast-provision', 'TARGETING_MATCH'], ['new-checkout', 'TARGETING_MATCH']]);
  });

  it('--fail-on-error exits 1 when any request resolved with an error', async () => {
    const io = memoryIo({ stdin: '{"flagKey":"nope","defaultValue":1}\n' });
    expect(await main(['eval', '--flags', exampleFlags, '--requests', '-', '--fail-on-error'], io)).toBe(1);
    expect(JSON.parse(io.outLines()[0] ?? '')).toMatchObject({ flagKey: 'nope', value: 1, errorCode: 'FLAG_NOT_FOUND' });
  });

  it('a line over the length limit is reported and skipped, the next line still evaluates', async () => {
    // 9 MiB without a newline: over the 8 MiB limit, so it is not buffered whole.
    const big = `{"flagKey":"new-checkout","context":{"pad":"${'x'.repeat(9 * 1024 * 1024)}"}}`;
    const next = '{"flagKey":"fast-provision","context":{"targetingKey":"z"}}';
    const io = memoryIo({ stdin: Readable.from([big.slice(0, 5_000_000), big.slice(5_000_000), `\n${next}\n`]) });
    expect(await main(['eval', '--flags', exampleFlags, '--requests', '-'], io)).toBe(0);
    const results = io.outLines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ errorCode: 'PARSE_ERROR', errorMessage: expect.stringMatching(/^line 1: longer than \d+ characters/) });
    expect(results[1]).toMatchObject({ flagKey: 'fast-provision', reason: 'TARGETING_MATCH' });
  });

  it('reads a requests file (the example) and evaluates every line', async () => {
    const io = memoryIo();
    expect(await main(['eval', '--flags', exampleFlags, '--requests', exampleRequests], io)).toBe(0);
    const lines = readFileSync(exampleRequests, 'utf8').trim().split('\n');
    expect(io.outLines()).toHaveLength(lines.length);
  });

  it('a missing requests file names the path (exit 2)', async () => {
    const io = memoryIo();
    expect(await main(['eval', '--flags', exampleFlags, '--requests', 'nope/requests.jsonl'], io)).toBe(2);
    expect(io.err()).toMatch(/--requests: file not found: .*nope\/requests\.jsonl/);
  });

  it('backpressure: while stdout is stalled, input is not read ahead without bound', async () => {
    const total = 60_000;
    let pulled = 0;
    let release: (() => void) | undefined;
    const pending: Array<() => void> = [];
    const written: string[] = [];
    const stdout = new Writable({
      highWaterMark: 16 * 1024,
      decodeStrings: false,
      write(chunk: string, _enc, callback) {
        written.push(chunk);
        // Stalled: hold the callback until released, as a slow reader would.
        if (release === undefined) pending.push(callback);
        else callback();
      },
    });
    const base = memoryIo();
    const io: Io = { ...base, stdout, stdin: requestStream(total, (i) => { pulled = i + 1; }) };
    const done = main(['eval', '--flags', exampleFlags, '--requests', '-'], io);

    // Let the pipeline run until it stops making progress (stalled on 'drain').
    let last = -1;
    for (let stable = 0; stable < 50; ) {
      await new Promise((r) => setImmediate(r));
      if (pulled === last) stable += 1;
      else { stable = 0; last = pulled; }
    }
    expect(pulled).toBeLessThan(total / 4);

    release = () => undefined;
    for (const cb of pending.splice(0)) cb();
    expect(await done).toBe(0);
    expect(pulled).toBe(total);
    expect(written.join('').split('\n').length - 1).toBe(total);
  });
});
