// The properties a filter reads, as posthog-node assembles them: a person's are the context's
// attributes plus `distinct_id`; a group's are its properties plus `$group_key`.

/** Returned by `lookup` when the property is absent (distinct from `undefined`, which is a value). */
export const MISSING: unique symbol = Symbol('missing');

/** Context attributes that carry structure, never person properties. */
const RESERVED = new Set(['targetingKey', 'groups', 'groupProperties']);

/** Whether `key` names a context attribute that is never a person property (decided at compile time). */
export function isReservedKey(key: string): boolean {
  return RESERVED.has(key);
}

const hasOwn = Object.prototype.hasOwnProperty;

export class PropertySource {
  constructor(
    /** The object holding the properties (an EvaluationContext, or a group's property object); set anew when reused. */
    public values: Readonly<Record<string, unknown>> | undefined,
    /** `distinct_id` for a person, `$group_key` for a group: present unless the values override it. */
    readonly implicitKey: string,
    public implicitValue: string,
    /** True for a person read from an EvaluationContext: its structural keys are not properties. */
    readonly skipReserved: boolean,
  ) {}

  lookup(key: string): unknown {
    const values = this.values;
    if (values !== undefined && hasOwn.call(values, key) && !(this.skipReserved && RESERVED.has(key))) {
      return values[key];
    }
    return key === this.implicitKey ? this.implicitValue : MISSING;
  }

  /** `lookup` for a key known not to be reserved (`isReservedKey(key)` false): one check fewer. */
  lookupUnreserved(key: string): unknown {
    const values = this.values;
    if (values !== undefined && hasOwn.call(values, key)) return values[key];
    return key === this.implicitKey ? this.implicitValue : MISSING;
  }
}
