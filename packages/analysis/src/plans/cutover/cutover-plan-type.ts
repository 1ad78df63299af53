import type { PlanType } from '../plan-registry.js';
import type { CutoverPlan } from './cutover-plan.js';
import { evaluateCutoverPlan } from './evaluate-cutover-plan.js';
import { CUTOVER_KEYS, readCutoverPlan } from './read-cutover-plan.js';

/** `type: cutover`: agreement of a candidate flag source with the primary, from shadow comparison logs. */
export const cutoverPlanType: PlanType<CutoverPlan> = {
  type: 'cutover',
  keys: CUTOVER_KEYS,
  inputs: ['shadowLog'],
  read: readCutoverPlan,
  evaluate: evaluateCutoverPlan,
};
