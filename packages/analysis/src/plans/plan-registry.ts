// Plan types plug in here: each reads its own fields and evaluates itself into a PlanOutcome.
import type { AnalysisDb } from '../db/open-database.js';
import type { PlanOutcome } from './outcome.js';
import type { PlanCursor } from './plan-reader.js';

/** The fields every plan has, whatever its type. */
export interface PlanHeader {
  readonly type: string;
  readonly name: string;
  readonly question: string;
  /** The plan file, for messages and for resolving relative paths (pair files). */
  readonly file: string;
}

/** Everything evaluation may use besides the plan. */
export interface PlanContext {
  /** A database whose `events` (and `quarantine`) tables are loaded (see loadEvents). */
  readonly db: AnalysisDb;
  /** The reference time for relative windows ("last 7d"); see resolveAsOf. */
  readonly asOf?: Date;
  /** The microseconds (0-999) of `asOf` past its millisecond, which a Date cannot hold (see parseUtcInstantMicros). Default 0. */
  readonly asOfMicros?: number;
  /** Directory relative paths in the plan resolve against (default: the plan file's directory). */
  readonly baseDir: string;
  /** Counts of rows set aside at ingestion, by reason, reported with the verdict. */
  readonly quarantined?: Readonly<Record<string, number>>;
  /** Shadow comparison logs (`rollgate gonogo --shadow-log`), for plan types that read them (`cutover`); they override a plan's own `input.shadowLog`. */
  readonly shadowLogs?: readonly string[];
}

/** The inputs a plan type reads: exported events (loaded into `db`) and/or shadow comparison logs. */
export type PlanInput = 'events' | 'shadowLog';

/**
 * A plan type. `read` validates the type-specific part (the header is already read) and returns
 * the typed plan, or undefined after recording issues on the cursor; `evaluate` never throws for
 * data problems (they become INCONCLUSIVE with a reason), only for broken inputs (files, SQL).
 */
export interface PlanType<P extends PlanHeader = PlanHeader> {
  readonly type: string;
  /** The keys this type allows at the top level besides type/name/question/description. */
  readonly keys: readonly string[];
  /** What the type reads; default `['events']`. A CLI asks for `--events` only when it is listed. */
  readonly inputs?: readonly PlanInput[];
  /**
   * The event names evaluating `plan` reads, when that is a known list: a CLI loading events for
   * this plan alone may then store only these (loadEvents' `storeEvents`), which is much faster
   * and gives the same verdict. Default (absent, or undefined returned): every event may be read,
   * so everything is stored (e.g. a latency plan's "last 7 days" counts back from its latest event).
   */
  eventsRead?(plan: P): readonly string[] | undefined;
  read(root: PlanCursor, header: PlanHeader): P | undefined;
  evaluate(plan: P, context: PlanContext): Promise<PlanOutcome>;
}

const registry = new Map<string, PlanType<never>>();

/** Adds a plan type (e.g. the shadow helper's `cutover`). Registering a name twice is an error. */
export function registerPlanType<P extends PlanHeader>(planType: PlanType<P>): void {
  if (registry.has(planType.type)) throw new Error(`plan type "${planType.type}" is already registered`);
  registry.set(planType.type, planType as unknown as PlanType<never>);
}

export function getPlanType(type: string): PlanType<PlanHeader> | undefined {
  return registry.get(type) as unknown as PlanType<PlanHeader> | undefined;
}

export function planTypeNames(): string[] {
  return [...registry.keys()].sort();
}
