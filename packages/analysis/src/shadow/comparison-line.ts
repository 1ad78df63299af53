// One line of a shadow comparison log, validated: a record the report can count, or why not.

/** The five verdicts, in report order (the writer is @rollgate/core's classifyComparison). */
export const SHADOW_VERDICTS = ['AGREE', 'DIVERGE', 'SHADOW_EMPTY', 'PRIMARY_EMPTY', 'SHADOW_ERROR'] as const;
export type ShadowVerdict = (typeof SHADOW_VERDICTS)[number];

/** One side of a comparison, as much as the report shows. */
export interface ComparisonLineSide {
  readonly source: string | null;
  readonly value: unknown;
  readonly variant: string | null;
  readonly errorCode: string | null;
  readonly error: string | null;
}

/** The fields of a log line the report and the cutover plan read. */
export interface ComparisonLine {
  /** 1-based line number in its file. */
  readonly line: number;
  readonly file: string;
  readonly time: string;
  /** Epoch ms of `time`. */
  readonly at: number;
  readonly mode: 'shadow' | 'route';
  readonly flag: string;
  readonly key: string | null;
  readonly verdict: ShadowVerdict;
  readonly primary: ComparisonLineSide;
  readonly shadow: ComparisonLineSide;
  /** Attribute name -> value as JSON text (so `"eu"` and `1` group apart from `"1"`). */
  readonly attributes: ReadonlyMap<string, string>;
}

/** Why a line was set aside (counted and reported, never fatal). */
export type BadLineReason = 'not_json' | 'not_an_object' | 'unknown_version' | 'missing_field' | 'bad_verdict' | 'bad_time';

export type ParsedLine = { ok: true; record: ComparisonLine } | { ok: false; reason: BadLineReason; detail: string };

/**
 * Validates one line (already without its newline). Accepts version 1 lines as the server provider
 * writes them (`ComparisonRecord` in @rollgate/core). Never throws.
 */
export function parseComparisonLine(text: string, file: string, line: number): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'not_json', detail: (error as Error).message };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'not_an_object', detail: 'a line must be a JSON object' };
  const o = value as Record<string, unknown>;
  if (o.v !== 1) return { ok: false, reason: 'unknown_version', detail: `v must be 1 (got ${JSON.stringify(o.v)})` };
  for (const field of ['time', 'flag', 'verdict'] as const) {
    if (typeof o[field] !== 'string' || o[field] === '') return { ok: false, reason: 'missing_field', detail: `${field} must be a non-empty string` };
  }
  for (const field of ['primary', 'shadow'] as const) {
    const s = o[field];
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return { ok: false, reason: 'missing_field', detail: `${field} must be an object` };
  }
  const verdict = o.verdict as string;
  if (!(SHADOW_VERDICTS as readonly string[]).includes(verdict)) return { ok: false, reason: 'bad_verdict', detail: `verdict ${JSON.stringify(verdict)} is not one of ${SHADOW_VERDICTS.join(', ')}` };
  const at = Date.parse(o.time as string);
  if (Number.isNaN(at)) return { ok: false, reason: 'bad_time', detail: `time ${JSON.stringify(o.time)} is not an ISO-8601 time` };
  const attributes = new Map<string, string>();
  const rawAttributes = o.attributes;
  if (rawAttributes !== null && typeof rawAttributes === 'object' && !Array.isArray(rawAttributes)) {
    for (const [name, v] of Object.entries(rawAttributes as Record<string, unknown>)) attributes.set(name, JSON.stringify(v));
  }
  return {
    ok: true,
    record: {
      line,
      file,
      time: o.time as string,
      at,
      mode: o.mode === 'route' ? 'route' : 'shadow',
      flag: o.flag as string,
      key: typeof o.key === 'string' ? o.key : null,
      verdict: verdict as ShadowVerdict,
      primary: side(o.primary as Record<string, unknown>),
      shadow: side(o.shadow as Record<string, unknown>),
      attributes,
    },
  };
}

function side(s: Record<string, unknown>): ComparisonLineSide {
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return { source: text(s.source), value: s.value, variant: text(s.variant), errorCode: text(s.errorCode), error: text(s.error) };
}
