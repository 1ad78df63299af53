// `rollgate segments`: where the wait before the first token goes, by group and turn bucket.
import { alignColumns, queryLatencyRuns, summarizeSegments, type SegmentGroup } from '@rollgate/analysis';
import { describeLoad, openEvents } from '../analysis-input/open-events.js';
import { UsageError } from '../errors/usage-error.js';
import { type Io, writeWithBackpressure } from '../io.js';
import { parseOptions } from '../parse-options.js';

export const help = `Usage: rollgate segments --events FILE... [options]

Splits spawn_to_first_token_ms of run_finished-style events into cli_ready_ms,
session_init_ms, model_first_token_ms and remainder_ms (the total minus the three), and prints
p50 and p90 of each with an interval over conversations, and the median per-run share of the
total. Runs with a missing part or a negative remainder are counted in their own columns and
left out of the quantiles, never hidden. Quantiles are type 7 (DuckDB quantile_cont).

Options:
  --events FILE...          event exports (Parquet, JSON lines, CSV)                 required
  --event NAME              the run event                                 default run_finished
  --by PROP                 group by an event property (agent, variant, runtime, ...)
  --turns                   split turn 1 from turn 2+ (from --turn-property)
  --turn-property PROP      the turn index property                       default turn_index
  --first-turn N            the index of a conversation's first turn      default 1
  --conversation-property P the conversation id (runs cluster by it)      default conversation_id
  --interval METHOD         dkl (Deng-Knoblich-Lu) | bootstrap (seeded)   default dkl
  --seed N                  bootstrap seed                                default 1
  --format FORMAT           table | json                                  default table
  -h, --help

Exit codes: 0 ok, 2 bad input or usage.

Example:
  rollgate segments --events export/events.jsonl --by agent --turns
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('segments', argv, {
    events: { type: 'string', multiple: true },
    event: { type: 'string', default: 'run_finished' },
    by: { type: 'string' },
    turns: { type: 'boolean', default: false },
    'turn-property': { type: 'string', default: 'turn_index' },
    'first-turn': { type: 'string', default: '1' },
    'conversation-property': { type: 'string', default: 'conversation_id' },
    interval: { type: 'string', default: 'dkl' },
    seed: { type: 'string', default: '1' },
    format: { type: 'string', default: 'table' },
  });
  if ((values.events ?? []).length === 0) throw new UsageError('missing --events FILE...', 'segments');
  const files = [...(values.events ?? []), ...positionals];
  if (values.format !== 'table' && values.format !== 'json') throw new UsageError(`--format must be table or json (got "${values.format}")`, 'segments');
  if (values.interval !== 'dkl' && values.interval !== 'bootstrap') throw new UsageError(`--interval must be dkl or bootstrap (got "${values.interval}")`, 'segments');
  const firstTurn = Number(values['first-turn']);
  const seed = Number(values.seed);
  if (!Number.isInteger(firstTurn) || firstTurn < 0) throw new UsageError(`--first-turn must be a non-negative integer (got "${values['first-turn']}")`, 'segments');
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer (got "${values.seed}")`, 'segments');
  const property = /^[A-Za-z0-9_$][A-Za-z0-9_$.\/:-]*$/;
  for (const [name, v] of [['--by', values.by], ['--turn-property', values['turn-property']], ['--conversation-property', values['conversation-property']]] as const) {
    if (v !== undefined && !property.test(v)) throw new UsageError(`${name}: "${v}" is not a usable property name`, 'segments');
  }
  const { db, report } = await openEvents(io, files);
  try {
    const runs = await queryLatencyRuns(db.connection, {
      event: values.event,
      groupBy: values.by,
      turnProperty: values['turn-property'],
      firstTurn,
      conversationProperty: values['conversation-property'],
    });
    const groups = summarizeSegments(runs, { byTurns: values.turns, interval: { method: values.interval, level: 0.95, resamples: 1000, seed } });
    const withoutConversation = runs.filter((r) => r.conversationFromDistinctId).length;
    // A misspelt --by puts every run in one "(missing)" group, which reads like a real split.
    if (values.by !== undefined && runs.length > 0 && runs.every((r) => r.groupValue === '(missing)')) {
      io.stderr.write(`rollgate segments: warning: no ${values.event} run has the property --by ${values.by}; every run is in the "(missing)" group\n`);
    }
    if (values.format === 'json') {
      const body = {
        event: values.event,
        by: values.by ?? null,
        turns: values.turns,
        interval: values.interval === 'dkl' ? '95% Deng-Knoblich-Lu outer interval over conversations' : `95% cluster bootstrap, 1000 resamples, seed ${seed}`,
        load: { inputRows: report.inputRows, loaded: report.added, quarantined: report.quarantined, quarantineReasons: report.quarantineReasons, duplicates: report.duplicates },
        runs: runs.length,
        runsWithoutConversationId: withoutConversation,
        groups: groups.map(toJson),
      };
      await writeWithBackpressure(io.stdout, `${JSON.stringify(body, null, 2)}\n`);
      return 0;
    }
    const lines: string[] = [];
    lines.push(`${runs.length} ${values.event} runs; ${describeLoad(report)}`);
    if (withoutConversation > 0) lines.push(`${withoutConversation} runs have no ${values['conversation-property']}; they cluster by distinct_id`);
    lines.push('');
    const rows: string[][] = [[values.by ?? 'group', 'turns', 'runs', 'conv', 'ok', 'missing', 'neg.rem', 'segment', 'p50', 'p50 95% CI', 'p90', 'p90 95% CI', 'median share']];
    for (const g of groups) {
      const head = [g.group, g.turnBucket, String(g.runs), String(g.conversations), String(g.quality.ok), String(g.quality.missing_parts), String(g.quality.negative_remainder)];
      if (g.segments.length === 0) rows.push([...head, '(no run with all parts)', '', '', '', '', '']);
      g.segments.forEach((s, i) => {
        const lead = i === 0 ? head : head.map(() => '');
        rows.push([...lead, s.segment, ms(s.p50.estimate), `[${ms(s.p50.lower)}, ${ms(s.p50.upper)}]`, ms(s.p90.estimate), `[${ms(s.p90.lower)}, ${ms(s.p90.upper)}]`, s.medianShareOfTotal === null ? '' : `${(s.medianShareOfTotal * 100).toFixed(1)}%`]);
      });
    }
    lines.push(rows.length === 1 ? `no ${values.event} events` : alignColumns(rows));
    await writeWithBackpressure(io.stdout, `${lines.join('\n')}\n`);
    return 0;
  } finally {
    db.close();
  }
}

function ms(v: number): string {
  return v.toFixed(0);
}

function toJson(g: SegmentGroup) {
  return {
    group: g.group,
    turnBucket: g.turnBucket,
    runs: g.runs,
    conversations: g.conversations,
    quality: g.quality,
    missingByPart: g.missingByPart,
    segments: g.segments.map((s) => ({
      segment: s.segment,
      p50: s.p50.estimate,
      p50CI: [s.p50.lower, s.p50.upper],
      p90: s.p90.estimate,
      p90CI: [s.p90.lower, s.p90.upper],
      medianShareOfTotal: s.medianShareOfTotal,
      runs: s.p50.runs,
      conversations: s.p50.conversations,
    })),
  };
}
