// A bad document is rejected whole, with every problem named by flag and JSON path.
import { describe, expect, it } from 'vitest';
import { compileFlagd, evaluate, parseJson, type DefinitionIssue } from '@rollgate/core';

function issues(document: unknown): DefinitionIssue[] {
  const result = compileFlagd(document);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.error;
}

const good = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' };

describe('a document with any error is rejected whole', () => {
  it('one bad flag among good ones rejects the document (nothing half-applied)', () => {
    const result = compileFlagd({ flags: { a: good, b: { ...good, defaultVariant: 'maybe' }, c: good } });
    expect(result.ok).toBe(false);
  });

  it('lists every problem, each naming the flag and the JSON path', () => {
    const found = issues({
      flags: {
        'mixed-types': { state: 'ENABLED', variants: { a: 'x', b: 1 }, defaultVariant: 'a' },
        'bad-state': { state: 'ON', variants: { on: true } },
        'no-variants': { state: 'ENABLED' },
        'bad-default': { state: 'ENABLED', variants: { on: true }, defaultVariant: 'off' },
        typo: { ...good, targetting: { var: 'x' } },
        'bad-metadata': { ...good, metadata: { owner: { team: 'x' } } },
      },
    });
    expect(found).toEqual([
      { path: '$.flags.mixed-types.variants.b', flagKey: 'mixed-types', message: 'variant "b" is a number but "a" is a string: all variants of a flag share one type' },
      { path: '$.flags.bad-state.state', flagKey: 'bad-state', message: 'state must be "ENABLED" or "DISABLED", got "ON"' },
      { path: '$.flags.no-variants.variants', flagKey: 'no-variants', message: 'variants is required (at least one variant)' },
      { path: '$.flags.bad-default.defaultVariant', flagKey: 'bad-default', message: 'defaultVariant "off" is not one of the variants (on)' },
      { path: '$.flags.typo.targetting', flagKey: 'typo', message: 'unknown key "targetting" (a flag has state, variants, defaultVariant, targeting, metadata, rollout, requires)' },
      { path: '$.flags.bad-metadata.metadata.owner', flagKey: 'bad-metadata', message: 'metadata values must be strings, numbers or booleans, got object' },
    ]);
  });

  it('rejects unknown top-level keys, a missing flags object and non-object documents', () => {
    expect(issues({ flags: {}, flag: {} })).toEqual([{ path: '$.flag', message: 'unknown key "flag" (a flagd document has flags, $evaluators, metadata, $schema)' }]);
    expect(issues({})).toEqual([{ path: '$.flags', message: 'flags is required' }]);
    expect(issues([])[0]?.path).toBe('$');
    expect(compileFlagd({ $schema: 'https://flagd.dev/schema/v0/flags.json', flags: {} }).ok).toBe(true);
  });

  it('rejects an array variant value (flagd object variants are objects)', () => {
    expect(issues({ flags: { f: { state: 'ENABLED', variants: { a: [1] } } } })[0]).toMatchObject({ path: '$.flags.f.variants.a', flagKey: 'f' });
  });
});

describe('targeting problems name the flag and the path inside the rule', () => {
  it('an unknown operator', () => {
    expect(issues({ flags: { f: { ...good, targeting: { if: [{ regex: ['x', 'y'] }, 'on', 'off'] } } } })).toEqual([
      { path: '$.flags.f.targeting.if[0].regex', flagKey: 'f', message: 'unknown operator "regex"' },
    ]);
  });

  it('a literal result that is not a variant', () => {
    expect(issues({ flags: { f: { ...good, targeting: { if: [{ var: 'x' }, 'on', 'of'] } } } })).toEqual([
      { path: '$.flags.f.targeting.if[2]', flagKey: 'f', message: 'targeting returns "of", which is not a variant of flag "f" (variants: on, off)' },
    ]);
  });

  it('a fractional bucket that is not a variant', () => {
    expect(issues({ flags: { f: { ...good, targeting: { fractional: [['on', 50], ['of', 50]] } } } })[0]).toMatchObject({ path: '$.flags.f.targeting.fractional[1][0]', flagKey: 'f' });
  });

  it('a missing $ref', () => {
    expect(issues({ flags: { f: { ...good, targeting: { if: [{ $ref: 'nope' }, 'on', 'off'] } } } })).toEqual([
      { path: '$.flags.f.targeting.if[0].$ref', flagKey: 'f', message: '$ref "nope" is not defined in $evaluators' },
    ]);
  });

  it('a $ref cycle, reported with the chain', () => {
    const found = issues({
      flags: { f: { ...good, targeting: { if: [{ $ref: 'a' }, 'on', 'off'] } } },
      $evaluators: { a: { and: [{ $ref: 'b' }, true] }, b: { or: [{ $ref: 'a' }, false] } },
    });
    expect(found.map((i) => i.message)).toContain('$ref cycle: a → b → a');
    expect(found.some((i) => i.flagKey === 'f' && i.path === '$.flags.f.targeting.if[0].$ref')).toBe(true);
  });

  it('a $ref to an evaluator that itself has errors is reported at both places', () => {
    const found = issues({
      flags: { f: { ...good, targeting: { if: [{ $ref: 'broken' }, 'on', 'off'] } } },
      $evaluators: { broken: { nope: [] } },
    });
    expect(found).toEqual([
      { path: '$.$evaluators.broken.nope', message: 'unknown operator "nope"' },
      { path: '$.flags.f.targeting.if[0].$ref', flagKey: 'f', message: '$ref "broken" cannot be used: $.$evaluators.broken has errors' },
    ]);
  });

  it('a literal result inside a $ref-ed evaluator is checked against each flag that returns it (as inline)', () => {
    const found = issues({
      flags: {
        f: { ...good, targeting: { $ref: 'r' } },
        // Returns the evaluator's results through a nested $ref: checked too.
        g: { state: 'ENABLED', variants: { yes: 1, off: 0 }, defaultVariant: 'off', targeting: { if: [{ var: 'y' }, { $ref: 'outer' }, 'off'] } },
      },
      $evaluators: { r: { if: [{ var: 'staff' }, 'of', 'off'] }, outer: { $ref: 'r' } },
    });
    expect(found).toEqual([
      { path: '$.$evaluators.r.if[1]', flagKey: 'f', message: 'targeting returns "of" through $ref "r" (at $.flags.f.targeting.$ref), which is not a variant of flag "f" (variants: on, off)' },
      { path: '$.$evaluators.r.if[1]', flagKey: 'g', message: 'targeting returns "of" through $ref "outer" (at $.flags.g.targeting.if[1].$ref), which is not a variant of flag "g" (variants: yes, off)' },
    ]);
  });

  it('an evaluator used as a condition is not a result: its literals are not checked', () => {
    const result = compileFlagd({
      flags: { f: { ...good, targeting: { if: [{ $ref: 'tier' }, 'on', 'off'] } } },
      $evaluators: { tier: { if: [{ var: 'pro' }, 'gold', null] } },
    });
    expect(result.ok).toBe(true);
  });

  it('flagd mode: a bad literal inside a $ref-ed evaluator is a warning, as inline', () => {
    const result = compileFlagd({ flags: { f: { ...good, targeting: { $ref: 'r' } } }, $evaluators: { r: { if: [{ var: 'staff' }, 'of', 'off'] } } }, { compatibility: 'flagd' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.warnings).toEqual([expect.objectContaining({ path: '$.$evaluators.r.if[1]', flagKey: 'f' })]);
  });

  it('a flag with both rollout and targeting', () => {
    expect(issues({ flags: { f: { ...good, targeting: { var: 'x' }, rollout: {} } } })[0]).toEqual({
      path: '$.flags.f.rollout',
      flagKey: 'f',
      message: 'a flag has either targeting or rollout, not both',
    });
  });
});

describe('flagd-schemas flags.json: flag-set metadata flagSetId and version are strings', () => {
  const withSetMetadata = (metadata: Record<string, unknown>) => ({ metadata, flags: { f: good } });

  it('strict: a number or boolean flagSetId / version rejects the document, naming the key', () => {
    expect(issues(withSetMetadata({ flagSetId: 42, version: 3 }))).toEqual([
      { path: '$.metadata.flagSetId', message: 'flagSetId must be a string (flagd\'s schema), got number 42: write "42"' },
      { path: '$.metadata.version', message: 'version must be a string (flagd\'s schema), got number 3: write "3"' },
    ]);
    expect(issues(withSetMetadata({ version: true }))).toHaveLength(1);
  });

  it('strings, and other keys of any primitive type, are accepted', () => {
    expect(compileFlagd(withSetMetadata({ flagSetId: 'checkout', version: '3', build: 7, beta: true })).ok).toBe(true);
  });

  it('flagd mode: a warning, and the value is still served', () => {
    const result = compileFlagd(withSetMetadata({ version: 3 }), { compatibility: 'flagd' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.warnings).toEqual([expect.objectContaining({ path: '$.metadata.version' })]);
    expect(result.value.metadata).toEqual({ version: 3 });
  });
});

describe('flagd-schemas flags.json: number variants stay within the safe integer range', () => {
  // Beyond 2^53 - 1 a JSON number is not exact: 9007199254740993 in the file reads as ...992,
  // and the flag serves a value nobody wrote. The schema's negative test is 9007199254740992.
  it('rejects a number variant beyond ±(2^53 - 1), naming the variant', () => {
    expect(issues({ flags: { f: { state: 'ENABLED', variants: { tooBig: 9007199254740992 }, defaultVariant: 'tooBig' } } })).toEqual([
      { path: '$.flags.f.variants.tooBig', flagKey: 'f', message: 'number variants must be within ±9007199254740991 (flagd\'s schema; beyond it JSON numbers are not exact), got 9007199254740992' },
    ]);
    expect(issues({ flags: { f: { state: 'ENABLED', variants: { low: -1e300 } } } })[0]).toMatchObject({ path: '$.flags.f.variants.low' });
  });

  it('rejects a number written in the file that JSON cannot hold exactly, in flagd mode too (a schema error)', () => {
    const parsed = parseJson('{"flags": {"f": {"state": "ENABLED", "variants": {"id": 9007199254740993}, "defaultVariant": "id"}}}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(compileFlagd(parsed.value).ok).toBe(false);
    expect(compileFlagd(parsed.value, { compatibility: 'flagd' }).ok).toBe(false);
  });

  it('accepts the boundaries and ordinary decimals', () => {
    expect(compileFlagd({ flags: { f: { state: 'ENABLED', variants: { min: -9007199254740991, max: 9007199254740991, half: 0.5 }, defaultVariant: 'max' } } }).ok).toBe(true);
  });
});

describe('flagd-schemas targeting.json: starts_with / ends_with take strings or rules', () => {
  // A literal that is not a string can never match: flagd answers null (the default variant) for
  // every context, so the rule is dead. The schema's negative test starts_with: [{var: id}, 0].
  const affix = (rule: unknown) => ({ flags: { f: { state: 'ENABLED', variants: { yes: 'yes', no: 'no' }, defaultVariant: 'no', targeting: { if: [rule, 'yes', 'no'] } } } });

  it('strict: a literal number, boolean or null argument rejects the document, naming the argument', () => {
    expect(issues(affix({ starts_with: [{ var: 'zip' }, 94] }))).toEqual([
      { path: '$.flags.f.targeting.if[0].starts_with[1]', flagKey: 'f', message: 'starts_with: argument 2 must be a string or a rule, got 94 (it would always yield null)' },
    ]);
    expect(issues(affix({ ends_with: [true, { var: 'email' }] }))).toEqual([
      { path: '$.flags.f.targeting.if[0].ends_with[0]', flagKey: 'f', message: 'ends_with: argument 1 must be a string or a rule, got true (it would always yield null)' },
    ]);
    expect(issues(affix({ ends_with: [{ var: 'email' }, null] }))).toHaveLength(1);
  });

  it('string literals and rules are accepted', () => {
    expect(compileFlagd(affix({ starts_with: [{ var: 'id' }, 'abc'] })).ok).toBe(true);
    expect(compileFlagd(affix({ ends_with: ['user@example.com', { var: 'domain' }] })).ok).toBe(true);
  });

  it('flagd mode: a warning, and the rule yields null as in flagd (the default variant)', () => {
    const result = compileFlagd(affix({ starts_with: [{ var: 'zip' }, 94] }), { compatibility: 'flagd' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.warnings).toEqual([expect.objectContaining({ path: '$.flags.f.targeting.if[0].starts_with[1]', flagKey: 'f' })]);
    expect(evaluate(result.value, 'f', 'string', 'fallback', { zip: '94107' })).toMatchObject({ value: 'no', reason: 'TARGETING_MATCH' });
  });
});

describe('flagd-schemas targeting.json: the fractional bucketing value is a rule, not a literal', () => {
  // {"fractional": ["email", ...]} hashes the word "email" for everyone: one bucket for all units,
  // a silent 100% rollout of one variant. The schema's negative test fractional-invalid-bucketing.json.
  const split = (bucketBy: unknown) => ({
    flags: { f: { state: 'ENABLED', variants: { a: 'a', b: 'b' }, defaultVariant: 'a', targeting: { fractional: [bucketBy, ['a', 50], ['b', 50]] } } },
  });

  it('strict: a literal string bucketing value rejects the document, naming it', () => {
    expect(issues(split('email'))).toEqual([
      {
        path: '$.flags.f.targeting.fractional[0]',
        flagKey: 'f',
        message: 'fractional: the bucketing value is the literal "email", the same for every context, so every unit lands in one bucket; use a rule such as {"var": "email"}',
      },
    ]);
  });

  it('a rule is accepted', () => {
    expect(compileFlagd(split({ var: 'email' })).ok).toBe(true);
    expect(compileFlagd(split({ cat: ['seed-', { var: 'targetingKey' }] })).ok).toBe(true);
  });

  it('flagd mode: a warning, and the literal is hashed as flagd does (every context gets the same variant)', () => {
    const result = compileFlagd(split('email'), { compatibility: 'flagd' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.warnings).toEqual([expect.objectContaining({ path: '$.flags.f.targeting.fractional[0]', flagKey: 'f' })]);
    const variants = new Set(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'].map((id) => evaluate(result.value, 'f', 'string', 'x', { targetingKey: id, email: `${id}@example.com` }).value));
    expect(variants.size).toBe(1);
  });
});

describe('flagd compatibility mode', () => {
  it('keeps a flag with an uncompilable rule (it evaluates to PARSE_ERROR) and lists warnings', () => {
    const result = compileFlagd({ flags: { ok: good, broken: { ...good, targeting: { if: [{ $ref: 'nope' }, 'on', 'off'] } } } }, { compatibility: 'flagd' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.flags.size).toBe(2);
    expect(result.value.warnings).toEqual([{ path: '$.flags.broken.targeting.if[0].$ref', flagKey: 'broken', message: '$ref "nope" is not defined in $evaluators' }]);
  });
  it('still rejects schema errors', () => {
    expect(compileFlagd({ flags: { f: { state: 'ON', variants: { a: 1 } } } }, { compatibility: 'flagd' }).ok).toBe(false);
  });
});

describe('parseJson', () => {
  it('names line and column of a syntax error', () => {
    const result = parseJson('{\n  "flags": {\n    "a": tru\n  }\n}');
    expect(result).toEqual({ ok: false, error: [{ path: '$', message: 'invalid JSON at line 3, column 10: expected a value, found "t"' }] });
  });
  it('names a missing comma', () => {
    const result = parseJson('{"flags": {"a": 1 "b": 2}}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error[0]?.message).toBe('invalid JSON at line 1, column 19: expected "," or "}", found "\\""');
  });
  it('reports duplicate keys with their path (JSON.parse would silently keep the last)', () => {
    const result = parseJson('{"flags": {"a": {"state": "ENABLED"}, "a": {}}}');
    expect(result).toEqual({
      ok: false,
      error: [{ path: '$.flags.a', message: 'duplicate key "a" at line 1, column 39 (JSON.parse would keep only the last one)' }],
    });
  });
  it('parses valid JSON, with or without a byte-order mark', () => {
    expect(parseJson('\ufeff{"flags": {}}')).toEqual({ ok: true, value: { flags: {} } });
    expect(parseJson('[1, "two", null, true, -1.5e3]')).toEqual({ ok: true, value: [1, 'two', null, true, -1500] });
  });
});

describe('compileFlagd never throws', () => {
  it('turns an unreadable object (a cycle, a throwing getter) into an issue', () => {
    const cyclic: Record<string, unknown> = { state: 'ENABLED', defaultVariant: 'a' };
    const value: Record<string, unknown> = { self: null };
    value['self'] = value;
    cyclic['variants'] = { a: value };
    const result = compileFlagd({ flags: { f: cyclic } });
    expect(result.ok).toBe(false);
    const hostile = { get flags(): unknown { throw new Error('boom'); } };
    expect(compileFlagd(hostile)).toEqual({ ok: false, error: [{ path: '$', message: 'the document could not be read: boom' }] });
  });
});
