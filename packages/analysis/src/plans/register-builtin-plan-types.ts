import { cutoverPlanType } from './cutover/cutover-plan-type.js';
import { experimentPlanType } from './experiment/experiment-plan-type.js';
import { latencyPlanType } from './latency/latency-plan-type.js';
import { getPlanType, registerPlanType } from './plan-registry.js';

/**
 * Registers the plan types this package ships (idempotent). Other packages add theirs with
 * registerPlanType before loading plans (e.g. the shadow helper's `cutover`).
 */
export function registerBuiltinPlanTypes(): void {
  if (!getPlanType(latencyPlanType.type)) registerPlanType(latencyPlanType);
  if (!getPlanType(experimentPlanType.type)) registerPlanType(experimentPlanType);
  if (!getPlanType(cutoverPlanType.type)) registerPlanType(cutoverPlanType);
}
