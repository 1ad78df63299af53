// A dry run of a definitions change: evaluate two documents over a population of contexts and
// report, per flag, who would see something different. Pure: no exposure, no I/O, a fixed clock.
import { evaluate } from '../evaluate.js';
import { rolloutOf } from '../rollout/rollout-registry.js';
import type { CompiledDocument, CompiledFlag, EvaluationContext, JsonValue, Resolution } from '../types.js';
import { staticWarnings, type PreviewWarning } from './static-warnings.js';

/** Options of a preview, with their defaults. */
export interface PreviewOptions {
  /** Contexts kept as examples per flag. Default 5. */
  sampleSize?: number;
  /** Clock for both documents, so `$flagd.timestamp` rules agree. Default `Date.now()` at creation. */
  now?: number;
}

/** One side of a sampled change. `value: null` with no variant means "the caller's default". */
export interface SideOutcome {
  readonly value: JsonValue;
  readonly variant?: string;
  readonly reason: string;
  readonly errorCode?: string;
}

export interface ChangeSample {
  /** 1-based line of the context in the population file (or its index + 1). */
  readonly line: number;
  readonly context: EvaluationContext;
  readonly before: SideOutcome;
  readonly after: SideOutcome;
}

export interface FlagPreview {
  readonly flagKey: string;
  /** Compared by each flag's source hash: `added`/`removed` flags are not evaluated. */
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly evaluated: number;
  /** Contexts whose value changes. */
  readonly valueChanged: number;
  /** Contexts whose variant changes (a value may stay equal across two variants). */
  readonly variantChanged: number;
  /** Contexts that go from off to on, and from on to off (flags with an on/off meaning). */
  readonly gained: number;
  readonly lost: number;
  /** `"off -> on": 12`: counts per variant transition (`(default)` for no variant). */
  readonly transitions: Readonly<Record<string, number>>;
  readonly samples: readonly ChangeSample[];
}

export interface PreviewReport {
  readonly contexts: number;
  readonly flags: readonly FlagPreview[];
  readonly warnings: readonly PreviewWarning[];
}

export interface ChangePreview {
  /** Evaluate both documents for one context of the population. */
  add(context: EvaluationContext, line: number): void;
  /** The report so far (call once at the end). */
  finish(): PreviewReport;
}

interface Tally {
  flagKey: string;
  status: FlagPreview['status'];
  oldFlag: CompiledFlag | undefined;
  newFlag: CompiledFlag | undefined;
  evaluated: number;
  valueChanged: number;
  variantChanged: number;
  gained: number;
  lost: number;
  transitions: Record<string, number>;
  samples: ChangeSample[];
}

function outcome(r: Resolution): SideOutcome {
  const base = { value: r.value as JsonValue, reason: r.reason };
  if (!r.ok) return { ...base, errorCode: r.errorCode };
  return r.variant === undefined ? base : { ...base, variant: r.variant };
}

/**
 * Whether a resolution grants access, for flags where that means something: a rollout flag is on
 * when it serves its `on` variant; another boolean flag when its value is `true`. `undefined` for
 * other flags (an experiment's arms are neither on nor off).
 */
function accessOf(flag: CompiledFlag, r: Resolution): boolean | undefined {
  const rollout = rolloutOf(flag.targeting);
  if (rollout !== undefined) return r.ok && r.variant === rollout.spec.on;
  if (flag.type === 'boolean') return r.ok && r.value === true;
  return undefined;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Starts a preview of `oldDoc` -> `newDoc`. `oldSource`/`newSource` are the parsed JSON documents,
 * read for warnings that need the definitions themselves (salt, weights order, requires).
 *
 * Access-removed warnings combine both views: the documents (a lower stage or percentage, a kill,
 * an allowlist entry removed) and the population (how many contexts go from on to off).
 */
export function createChangePreview(
  oldSource: unknown,
  oldDoc: CompiledDocument,
  newSource: unknown,
  newDoc: CompiledDocument,
  options: PreviewOptions = {},
): ChangePreview {
  const sampleSize = options.sampleSize ?? 5;
  const now = options.now ?? Date.now();
  const keys = [...new Set([...oldDoc.flags.keys(), ...newDoc.flags.keys()])].sort();
  const tallies: Tally[] = keys.map((flagKey) => {
    const oldFlag = oldDoc.flags.get(flagKey);
    const newFlag = newDoc.flags.get(flagKey);
    const status: FlagPreview['status'] =
      oldFlag === undefined ? 'added' : newFlag === undefined ? 'removed' : oldFlag.sourceHash !== undefined && oldFlag.sourceHash === newFlag.sourceHash && sameRequiresChain(oldDoc, newDoc, flagKey) ? 'unchanged' : 'changed';
    return { flagKey, status, oldFlag, newFlag, evaluated: 0, valueChanged: 0, variantChanged: 0, gained: 0, lost: 0, transitions: {}, samples: [] };
  });
  let contexts = 0;

  return {
    add(context, line) {
      contexts++;
      for (const t of tallies) {
        if (t.oldFlag === undefined || t.newFlag === undefined) continue;
        t.evaluated++;
        // `null` as the caller's default makes "no variant" visible in samples.
        const before = evaluate(oldDoc, t.flagKey, t.oldFlag.type, null, context, { now });
        const after = evaluate(newDoc, t.flagKey, t.newFlag.type, null, context, { now });
        const v0 = before.ok ? before.variant : undefined;
        const v1 = after.ok ? after.variant : undefined;
        const valueChanged = !sameJson(before.value, after.value) || before.ok !== after.ok;
        const variantChanged = v0 !== v1;
        if (!valueChanged && !variantChanged) continue;
        if (valueChanged) t.valueChanged++;
        if (variantChanged) t.variantChanged++;
        const a0 = accessOf(t.oldFlag, before);
        const a1 = accessOf(t.newFlag, after);
        if (a0 === false && a1 === true) t.gained++;
        if (a0 === true && a1 === false) t.lost++;
        const transition = `${v0 ?? (before.ok ? '(default)' : '(error)')} -> ${v1 ?? (after.ok ? '(default)' : '(error)')}`;
        t.transitions[transition] = (t.transitions[transition] ?? 0) + 1;
        if (t.samples.length < sampleSize) t.samples.push({ line, context, before: outcome(before), after: outcome(after) });
      }
    },
    finish() {
      const warnings = staticWarnings(oldSource, newSource);
      for (const t of tallies) {
        if (t.lost === 0) continue;
        const share = `${t.lost} of ${t.evaluated} contexts lose access`;
        const i = warnings.findIndex((w) => w.kind === 'access-removed' && w.flagKey === t.flagKey);
        if (i >= 0) warnings[i] = { ...warnings[i]!, message: `${warnings[i]!.message}; ${share}` };
        else warnings.push({ kind: 'access-removed', flagKey: t.flagKey, message: `takes access away: ${share}` });
      }
      return {
        contexts,
        flags: tallies.map(({ oldFlag: _o, newFlag: _n, ...rest }) => rest),
        warnings,
      };
    },
  };
}

/** A flag whose own source is unchanged still changes when a flag it requires changed. */
function sameRequiresChain(oldDoc: CompiledDocument, newDoc: CompiledDocument, key: string, seen: Set<string> = new Set()): boolean {
  if (seen.has(key)) return true;
  seen.add(key);
  const a = oldDoc.flags.get(key);
  const b = newDoc.flags.get(key);
  if (a === undefined || b === undefined || a.sourceHash === undefined || a.sourceHash !== b.sourceHash) return false;
  return a.requires.every((parent) => sameRequiresChain(oldDoc, newDoc, parent, seen));
}
