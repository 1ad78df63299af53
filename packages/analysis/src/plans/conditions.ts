// Property conditions in plans (`where:` blocks), in the shape notebooks-sql/latency-runs.sql binds.
import type { PlanCursor } from './plan-reader.js';

/** Comparison operators a condition may use; see notebooks-sql/latency-runs.sql for their SQL. */
export const CONDITION_OPS = ['eq', 'neq', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'version_lt', 'version_gte', 'exists', 'missing'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** One test on one event property. */
export interface Condition {
  readonly property: string;
  readonly op: ConditionOp;
  /** A string/number/boolean, a list for in/not_in, a dotted version for version_*, null for exists/missing. */
  readonly value: string | number | boolean | readonly (string | number | boolean)[] | null;
}

/** Property names the SQL may address: no quotes, so the JSON path it builds is always well-formed. */
export const PROPERTY_PATTERN = /^[A-Za-z0-9_$][A-Za-z0-9_$.\/:-]*$/;

/**
 * Reads a `where:` mapping. Each key is a property; the value is either a scalar (equality) or a
 * one-key mapping `{op: value}`:
 *
 *   where:
 *     agent: claude_code
 *     status: { neq: success }
 *     client_version: { version_lt: "2.3.0" }
 *     turn_index: { gte: 2 }
 */
export function readConditions(cursor: PlanCursor): Condition[] {
  if (!cursor.present) return [];
  const out: Condition[] = [];
  for (const [property, value] of cursor.entries()) {
    if (!PROPERTY_PATTERN.test(property)) {
      value.issue(`property name "${property}" may only use letters, digits and _ $ . / : -`, true);
      continue;
    }
    const v = value.value;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      out.push({ property, op: 'eq', value: v });
      continue;
    }
    const keys = typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.keys(v) : [];
    if (keys.length !== 1) {
      value.issue(`must be a value (equality) or a mapping with exactly one operator: ${CONDITION_OPS.join(', ')}`);
      continue;
    }
    const op = keys[0]!;
    const operand = value.field(op);
    if (!(CONDITION_OPS as readonly string[]).includes(op)) {
      operand.issue(`unknown operator "${op}" (one of ${CONDITION_OPS.join(', ')})`, true);
      continue;
    }
    const o = operand.value;
    if (op === 'exists' || op === 'missing') {
      if (o !== true) operand.issue(`write "${op}: true"`);
      else out.push({ property, op, value: null });
    } else if (op === 'in' || op === 'not_in') {
      if (!Array.isArray(o) || o.length === 0 || !o.every((x) => ['string', 'number', 'boolean'].includes(typeof x))) operand.issue('must be a non-empty list of values');
      else out.push({ property, op, value: o as (string | number | boolean)[] });
    } else if (op === 'version_lt' || op === 'version_gte') {
      if (typeof o !== 'string' || !/^[0-9]+(\.[0-9]+)*$/.test(o)) operand.issue('must be a dotted version string such as "2.3.0" (quote it)');
      else out.push({ property, op, value: o });
    } else if (op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte') {
      if (typeof o !== 'number') operand.issue(`must be a number (got ${JSON.stringify(o)})`);
      else out.push({ property, op, value: o });
    } else if (typeof o !== 'string' && typeof o !== 'number' && typeof o !== 'boolean') {
      operand.issue('must be a string, number or boolean');
    } else {
      out.push({ property, op: op as ConditionOp, value: o });
    }
  }
  return out;
}

/** `agent = claude_code`, `client_version version_lt 2.3.0` for reports. */
export function describeCondition(c: Condition): string {
  const symbols: Partial<Record<ConditionOp, string>> = { eq: '=', neq: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=' };
  if (c.op === 'exists' || c.op === 'missing') return `${c.property} ${c.op}`;
  const value = Array.isArray(c.value) ? `[${c.value.join(', ')}]` : String(c.value);
  return `${c.property} ${symbols[c.op] ?? c.op.replace('_', ' ')} ${value}`;
}
