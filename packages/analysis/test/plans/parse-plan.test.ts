import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPlanIssue, parsePlan, type PlanIssue } from '../../src/index.js';
import { latencyPlanText } from './plan-text.js';

function issues(text: string, file = 'plan.yaml'): PlanIssue[] {
  const r = parsePlan(text, file);
  if (r.ok) throw new Error('expected the plan to be rejected');
  return r.issues;
}

describe('plan files: malformed plans are rejected with file:line:column', () => {
  it('the example plans in scripts/plans/ are valid', () => {
    for (const name of ['session-init-share.yaml', 'fast-provisioning-setup.yaml', 'run-failure-rate-views.yaml', 'cli-ready-turn1.json']) {
      const path = fileURLToPath(new URL(`../../../../scripts/plans/${name}`, import.meta.url));
      const r = parsePlan(readFileSync(path, 'utf8'), path);
      expect(r.ok ? 'ok' : r.issues.map(formatPlanIssue).join('\n')).toBe('ok');
    }
  });

  it('a YAML syntax error points at its line and column', () => {
    const [issue] = issues('type: latency\nname: x\nquestion: [unclosed\n');
    expect(issue!.line).toBeGreaterThanOrEqual(3);
    expect(formatPlanIssue(issue!)).toMatch(/^plan\.yaml:\d+:\d+: /);
  });

  it('a duplicate key is an error at the second occurrence', () => {
    const [issue] = issues('type: latency\nname: x\nname: y\n');
    expect([issue!.line, issue!.column]).toEqual([3, 1]);
  });

  it('a misspelt key (typo) is an error at the key, naming the allowed keys', () => {
    const text = latencyPlanText().replace('  turns: "2+"', '  turn: "2+"');
    const found = issues(text).find((i) => i.message.includes('unknown key "turn"'))!;
    const line = text.split('\n').findIndex((l) => l.startsWith('  turn: ')) + 1;
    expect([found.line, found.column]).toEqual([line, 3]);
    expect(found.path).toBe('population.turn');
    expect(found.message).toContain('allowed: event, window');
  });

  it('a ratio statistic without aggregate is rejected: quantile of ratios and ratio of quantiles differ', () => {
    const text = latencyPlanText().replace('    aggregate: quantile_of_ratios\n    quantile: 0.5', '    quantile: 0.5');
    const found = issues(text).find((i) => i.message.includes('must state aggregate'))!;
    expect(found.path).toBe('statistics[0]');
    expect(found.line).toBe(text.split('\n').findIndex((l) => l.includes('id: init_share_p50')) + 1);
  });

  it('a threshold on an unknown statistic, a bad operator and a wrong type are all reported at once', () => {
    const text = latencyPlanText()
      .replace('{ statistic: init_share_p50, op: ">=", value: 0.3 }', '{ statistic: init_share_p5O, op: "=>", value: "30%" }');
    const all = issues(text);
    const line = text.split('\n').findIndex((l) => l.includes('init_share_p5O')) + 1;
    expect(all.map((i) => [i.path, i.line])).toEqual(
      expect.arrayContaining([
        ['decision.thresholds[0].statistic', line],
        ['decision.thresholds[0].op', line],
        ['decision.thresholds[0].value', line],
      ]),
    );
    expect(all.find((i) => i.path.endsWith('.op'))!.message).toContain('must be one of >=, >, <=, <');
  });

  it('an experiment threshold on a statistic its metric has not (mean of a conversion, rate of a continuous metric) is rejected at the statistic', () => {
    const text = `type: experiment
name: e
question: q
experiment: { flag: fast-provisioning }
metrics:
  - { id: setup, conversion: setup_completed }
  - { id: spend, continuous: { event: purchase, property: amount } }
minimumSample: { unitsPerVariant: 100 }
decision:
  combine: all
  thresholds:
    - { metric: setup, statistic: mean, op: ">", value: 0 }
    - { metric: spend, statistic: rate, op: ">", value: 0 }
    - { metric: setup, statistic: ratio, op: ">", value: 0 }
guardrails:
    - { metric: spend, statistic: chance_to_beat_control, op: ">", value: 0.5 }
    - { metric: spend, statistic: relative_lift, op: ">", value: -0.1 }
`;
    const all = issues(text, 'exp.yaml');
    expect(all.map(formatPlanIssue)).toEqual([
      'exp.yaml:12:35: decision.thresholds[0].statistic: a conversion metric has no mean (metric "setup" has: rate, absolute_lift, relative_lift, p_value, adjusted_p_value, chance_to_beat_control)',
      'exp.yaml:13:35: decision.thresholds[1].statistic: a continuous metric has no rate (metric "spend" has: mean, absolute_lift, relative_lift, p_value, adjusted_p_value)',
      'exp.yaml:14:35: decision.thresholds[2].statistic: a conversion metric has no ratio (metric "setup" has: rate, absolute_lift, relative_lift, p_value, adjusted_p_value, chance_to_beat_control)',
      'exp.yaml:16:35: guardrails[0].statistic: a continuous metric has no chance_to_beat_control (metric "spend" has: mean, absolute_lift, relative_lift, p_value, adjusted_p_value)',
    ]);
  });

  it('aggregate on a share statistic is an error at the key, as on a segment quantile (it would be ignored)', () => {
    const text = latencyPlanText().replace('    share: negative_remainder', '    share: negative_remainder\n    aggregate: ratio_of_quantiles');
    const found = issues(text).find((i) => i.path === 'statistics[2].aggregate')!;
    expect(found.message).toBe('aggregate applies to ratio statistics only');
    expect([found.line, found.column]).toEqual([text.split('\n').findIndex((l) => l.includes('aggregate: ratio_of_quantiles')) + 1, 5]);
  });

  it('an experiment whose treatment is its control is rejected at the treatment (nothing could be compared)', () => {
    const text = 'type: experiment\nname: e\nquestion: q\nexperiment: { flag: f, control: control, treatment: control }\nmetrics:\n  - { id: setup, conversion: setup_completed }\nminimumSample: { unitsPerVariant: 100 }\ndecision:\n  combine: all\n  thresholds:\n    - { metric: setup, statistic: relative_lift, op: ">", value: 0 }\n';
    expect(issues(text, 'exp.yaml').map(formatPlanIssue)).toEqual(['exp.yaml:4:53: experiment.treatment: the treatment must differ from the control "control"']);
  });

  it('a missing minimumSample is required (a plan must pre-register its sample size)', () => {
    const text = latencyPlanText().replace(/minimumSample: .*\n/, '');
    expect(issues(text).map((i) => i.message)).toContain('missing required key "minimumSample"');
  });

  it('a local A/B without a tieBreak is rejected', () => {
    const text = `${latencyPlanText()}localAB:\n  source: { file: p.jsonl }\n  arms: { baseline: fresh, treatment: resumed }\n  metric: spawn_to_first_token_ms\n  minPairs: 30\n`;
    expect(issues(text).some((i) => i.message.includes('tieBreak'))).toBe(true);
  });

  it('an unknown plan type lists the registered types', () => {
    const [issue] = issues('type: latencyy\nname: x\nquestion: q\n');
    expect(issue!.message).toBe('must be one of cutover, experiment, latency (got "latencyy")');
    expect([issue!.line, issue!.column]).toEqual([1, 7]);
  });

  it('JSON plans get line:column too', () => {
    const json = '{\n  "type": "latency",\n  "name": "x",\n  "question": "q",\n  "population": { "event": "run_finished", "turns": 3 },\n  "minimumSample": { "runs": 10, "conversations": 5 },\n  "statistics": [{ "id": "a", "of": "cli_ready_ms", "quantile": 0.5 }],\n  "decision": { "combine": "any", "thresholds": [{ "statistic": "a", "op": "<", "value": 100 }] }\n}\n';
    const [issue] = issues(json, 'plan.json');
    expect(formatPlanIssue(issue!)).toBe('plan.json:5:53: population.turns: must be one of all, 1, "2+" (got 3)');
  });

  it('a malformed JSON plan reports where the syntax broke', () => {
    const [issue] = issues('{\n  "type": "latency",\n  "name": \n}', 'plan.json');
    expect(issue!.line).toBeGreaterThanOrEqual(3);
  });

  it('a valid JSON plan is accepted', () => {
    const json = JSON.stringify({
      type: 'latency',
      name: 'x',
      question: 'q',
      population: { event: 'run_finished' },
      minimumSample: { runs: 10, conversations: 5 },
      statistics: [{ id: 'a', of: 'cli_ready_ms', quantile: 0.5 }],
      decision: { combine: 'any', thresholds: [{ statistic: 'a', op: '<', value: 100 }] },
    });
    expect(parsePlan(json, 'plan.json').ok).toBe(true);
  });
});
