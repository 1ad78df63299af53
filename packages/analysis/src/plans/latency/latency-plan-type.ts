import type { PlanType } from '../plan-registry.js';
import { evaluateLatencyPlan } from './evaluate-latency-plan.js';
import type { LatencyPlan } from './latency-plan.js';
import { LATENCY_KEYS, readLatencyPlan } from './read-latency-plan.js';

/** `type: latency`: segment quantiles/ratios/shares of runs, optional paired local A/B, tie-break. */
export const latencyPlanType: PlanType<LatencyPlan> = {
  type: 'latency',
  keys: LATENCY_KEYS,
  read: readLatencyPlan,
  evaluate: evaluateLatencyPlan,
};
