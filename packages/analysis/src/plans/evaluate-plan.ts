import type { PlanOutcome } from './outcome.js';
import { getPlanType, type PlanContext, type PlanHeader } from './plan-registry.js';

/** Evaluates a loaded plan with the type that read it. */
export async function evaluatePlan(plan: PlanHeader, context: PlanContext): Promise<PlanOutcome> {
  const planType = getPlanType(plan.type);
  if (planType === undefined) throw new Error(`no plan type "${plan.type}" is registered`);
  return planType.evaluate(plan, context);
}
