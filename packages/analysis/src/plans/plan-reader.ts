// Validation of a parsed plan, one cursor per value, collecting every issue with its line:column.
import type { ParsedPlanText } from './parse-plan-text.js';
import { formatPath, type PlanIssue } from './plan-issue.js';

/** Options of the scalar readers; `required` defaults to true. */
export interface ScalarRule<T> {
  required?: boolean;
  oneOf?: readonly T[];
}

/**
 * A position in the plan being validated. Readers return `undefined` after recording an issue,
 * so validation goes on and the user sees every problem at once, not one per run.
 */
export class PlanCursor {
  constructor(
    private readonly parsed: ParsedPlanText,
    private readonly file: string,
    private readonly sink: PlanIssue[],
    readonly path: readonly (string | number)[],
    readonly value: unknown,
  ) {}

  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  /** Records an issue at this value (or at its key, for unknown or misplaced keys). */
  issue(message: string, atKey = false): undefined {
    const pos = this.parsed.locate(this.path, atKey);
    this.sink.push({ file: this.file, line: pos.line, column: pos.column, path: formatPath(this.path), message });
    return undefined;
  }

  field(name: string): PlanCursor {
    const v = isPlainObject(this.value) ? this.value[name] : undefined;
    return new PlanCursor(this.parsed, this.file, this.sink, [...this.path, name], v);
  }

  /**
   * Checks this is a mapping whose keys are all in `allowed` (a typo must not be silently
   * ignored) and that `required` keys are present. Returns false when it is not a mapping.
   */
  object(allowed: readonly string[], required: readonly string[] = []): boolean {
    if (!isPlainObject(this.value)) {
      this.issue(`must be a mapping (got ${describe(this.value)})`);
      return false;
    }
    for (const key of Object.keys(this.value)) {
      if (!allowed.includes(key)) this.field(key).issue(`unknown key "${key}" (allowed: ${allowed.join(', ')})`, true);
    }
    for (const key of required) if (!(key in this.value)) this.issue(`missing required key "${key}"`);
    return true;
  }

  /** The entries of a mapping with arbitrary keys (e.g. property conditions). */
  entries(): [string, PlanCursor][] {
    if (!isPlainObject(this.value)) {
      this.issue(`must be a mapping (got ${describe(this.value)})`);
      return [];
    }
    return Object.keys(this.value).map((key) => [key, this.field(key)]);
  }

  items(options: { required?: boolean; minItems?: number } = {}): PlanCursor[] {
    if (!this.present) {
      if (options.required ?? true) this.issue('missing (expected a list)');
      return [];
    }
    if (!Array.isArray(this.value)) {
      this.issue(`must be a list (got ${describe(this.value)})`);
      return [];
    }
    if (options.minItems !== undefined && this.value.length < options.minItems) this.issue(`must have at least ${options.minItems} item(s)`);
    return this.value.map((v, i) => new PlanCursor(this.parsed, this.file, this.sink, [...this.path, i], v));
  }

  string(rule: ScalarRule<string> & { pattern?: RegExp; patternHint?: string } = {}): string | undefined {
    if (!this.present) return (rule.required ?? true) ? this.issue('missing (expected a string)') : undefined;
    if (typeof this.value !== 'string' || this.value === '') return this.issue(`must be a non-empty string (got ${describe(this.value)})`);
    if (rule.oneOf && !rule.oneOf.includes(this.value)) return this.issue(`must be one of ${rule.oneOf.join(', ')} (got "${this.value}")`);
    if (rule.pattern && !rule.pattern.test(this.value)) return this.issue(`"${this.value}" ${rule.patternHint ?? `must match ${rule.pattern}`}`);
    return this.value;
  }

  number(rule: ScalarRule<number> & { min?: number; max?: number; integer?: boolean; exclusiveMin?: number; exclusiveMax?: number } = {}): number | undefined {
    if (!this.present) return (rule.required ?? true) ? this.issue('missing (expected a number)') : undefined;
    const v = this.value;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.issue(`must be a number (got ${describe(v)})`);
    if (rule.integer && !Number.isInteger(v)) return this.issue(`must be an integer (got ${v})`);
    if (rule.min !== undefined && v < rule.min) return this.issue(`must be >= ${rule.min} (got ${v})`);
    if (rule.max !== undefined && v > rule.max) return this.issue(`must be <= ${rule.max} (got ${v})`);
    if (rule.exclusiveMin !== undefined && v <= rule.exclusiveMin) return this.issue(`must be > ${rule.exclusiveMin} (got ${v})`);
    if (rule.exclusiveMax !== undefined && v >= rule.exclusiveMax) return this.issue(`must be < ${rule.exclusiveMax} (got ${v})`);
    return v;
  }

  boolean(rule: { required?: boolean } = {}): boolean | undefined {
    if (!this.present) return (rule.required ?? true) ? this.issue('missing (expected true or false)') : undefined;
    if (typeof this.value !== 'boolean') return this.issue(`must be true or false (got ${describe(this.value)})`);
    return this.value;
  }
}

/** Starts validation at the document root; issues accumulate in `issues`. */
export function planRoot(parsed: ParsedPlanText, file: string, issues: PlanIssue[]): PlanCursor {
  return new PlanCursor(parsed, file, issues, [], parsed.value);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function describe(v: unknown): string {
  if (v === undefined || v === null) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return `a date ${v.toISOString()} (quote it)`;
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v}"`;
  return `${typeof v} ${String(v)}`;
}
