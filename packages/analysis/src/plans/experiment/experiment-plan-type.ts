import { experimentEvents } from '../../experiment/experiment-events.js';
import type { PlanType } from '../plan-registry.js';
import { evaluateExperimentPlan } from './evaluate-experiment-plan.js';
import type { ExperimentPlan } from './experiment-plan.js';
import { EXPERIMENT_KEYS, readExperimentPlan } from './read-experiment-plan.js';

/** `type: experiment`: conversion/continuous metrics of a flag's variants, behind the SRM gate. */
export const experimentPlanType: PlanType<ExperimentPlan> = {
  type: 'experiment',
  keys: EXPERIMENT_KEYS,
  read: readExperimentPlan,
  evaluate: evaluateExperimentPlan,
  // Only analyzeExperiment reads events here: exposures and the metrics' events (no "last N days").
  eventsRead: (plan) => experimentEvents(plan.metrics.map((m) => m.spec)),
};
