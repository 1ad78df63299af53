import type { MetricSpec } from './experiment-options.js';

/**
 * The event names analyzeExperiment reads for these metrics: the exposures
 * (`$feature_flag_called`, every flag: a flag with no exposures is reported with the flags that
 * have some) and each metric's event and denominator event. Loading with
 * `loadEvents(db, files, { storeEvents: experimentEvents(metrics) })` gives the same results as
 * a full load, from far fewer stored rows.
 */
export function experimentEvents(metrics: readonly MetricSpec[]): string[] {
  const names = new Set<string>(['$feature_flag_called']);
  for (const metric of metrics) {
    names.add(metric.event);
    if (metric.kind === 'ratio') names.add(metric.denominatorEvent);
  }
  return [...names];
}
