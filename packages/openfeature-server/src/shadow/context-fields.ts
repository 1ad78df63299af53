// The context fields a comparison record carries: the key (optionally hashed) and chosen attributes.
import { createHmac } from 'node:crypto';
import type { EvaluationContext } from '@openfeature/server-sdk';
import type { JsonValue } from '@rollgate/core';

/** What of a context goes into the log; resolved from `ShadowOptions`. */
export interface ContextFieldRules {
  /** Salt of the HMAC-SHA256 that hashes keys (and `hashedAttributes`); undefined logs keys in clear. */
  readonly salt: string | undefined;
  readonly attributes: readonly string[];
  readonly hashedAttributes: readonly string[];
}

/** `hmac-sha256:<hex>` of `value` under `salt`: equal inputs give equal hashes (so grouping still works). */
export function hashValue(salt: string, value: string): string {
  return `hmac-sha256:${createHmac('sha256', salt).update(value).digest('hex')}`;
}

/** The targeting key as logged: hashed when a salt is configured, null when the context has none. */
export function loggedKey(context: EvaluationContext, rules: ContextFieldRules): string | null {
  const key = context.targetingKey;
  if (typeof key !== 'string' || key === '') return null;
  return rules.salt === undefined ? key : hashValue(rules.salt, key);
}

/** The configured attributes (absent ones left out), hashed ones as `hmac-sha256:` of their JSON text. */
export function loggedAttributes(context: EvaluationContext, rules: ContextFieldRules): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const name of rules.attributes) {
    const value = toJson(context[name]);
    if (value !== undefined) out[name] = value;
  }
  for (const name of rules.hashedAttributes) {
    const value = toJson(context[name]);
    if (value === undefined) continue;
    // Without a salt the hash still hides the value from a casual reader, but a salt is what stops
    // a dictionary attack on small domains (emails, org ids): the options require one.
    out[name] = hashValue(rules.salt ?? '', typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out;
}

function toJson(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return String(value);
  }
}
