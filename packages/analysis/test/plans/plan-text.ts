// Test support: the situation-5 latency plan as text, with the parts each test varies.
export interface PlanKnobs {
  combine?: 'any' | 'all';
  p50?: number;
  p90?: number;
  evidence?: 'point' | 'interval';
  runs?: number;
  conversations?: number;
  guardrail?: string;
  localAb?: string;
  tieBreak?: string;
  extraStatistics?: string;
  exclusions?: string;
  window?: string;
  interval?: string;
}

export function latencyPlanText(k: PlanKnobs = {}): string {
  return `type: latency
name: init-share
question: Is session init a big share of the wait on turn 2+?
population:
  event: run_finished
  window: ${k.window ?? '{ from: "2026-11-01T00:00:00Z", to: "2026-11-30T00:00:00Z" }'}
  where: { agent: claude_code, status: success }
  turns: "2+"
${k.exclusions ?? ''}
minimumSample: { runs: ${k.runs ?? 50}, conversations: ${k.conversations ?? 20} }
interval: ${k.interval ?? '{ method: bootstrap, resamples: 500, seed: 7 }'}
statistics:
  - id: init_share_p50
    ratio: { numerator: session_init_ms, denominator: spawn_to_first_token_ms }
    aggregate: quantile_of_ratios
    quantile: 0.5
  - id: init_share_p90
    ratio: { numerator: session_init_ms, denominator: spawn_to_first_token_ms }
    aggregate: quantile_of_ratios
    quantile: 0.9
  - id: negative_remainder_share
    share: negative_remainder
${k.extraStatistics ?? ''}
decision:
  combine: ${k.combine ?? 'any'}
  evidence: ${k.evidence ?? 'point'}
  thresholds:
    - { statistic: init_share_p50, op: ">=", value: ${k.p50 ?? 0.3} }
    - { statistic: init_share_p90, op: ">=", value: ${k.p90 ?? 0.4} }
${k.guardrail ? `guardrails:\n${k.guardrail}` : ''}
${k.localAb ?? ''}
${k.tieBreak ? `tieBreak: ${k.tieBreak}` : ''}
`;
}
