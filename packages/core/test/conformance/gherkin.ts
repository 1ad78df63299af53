// A small Gherkin reader for the flagd-testbed features: Feature, Background, Scenario,
// Scenario Outline, Examples tables, tags, and data tables under steps. Test code only.

export interface Step {
  /** The step text without its keyword, placeholders already substituted. */
  readonly text: string;
  /** A data table under the step (header row first), if any. */
  readonly table: readonly (readonly string[])[] | undefined;
  readonly line: number;
}

export interface TestCase {
  /** Feature › scenario [› examples name] › row values, unique per file. */
  readonly name: string;
  readonly tags: readonly string[];
  readonly steps: readonly Step[];
}

interface RawStep {
  text: string;
  table: string[][] | undefined;
  line: number;
}

interface RawScenario {
  name: string;
  outline: boolean;
  tags: string[];
  steps: RawStep[];
  examples: { name: string; tags: string[]; rows: string[][] }[];
}

const STEP = /^(Given|When|Then|And|But|\*)\s+(.*)$/;

/** Split a table row `| a | b\|c |` into trimmed, unescaped cells. */
export function parseRow(line: string): string[] {
  const body = line.trim();
  const cells: string[] = [];
  let current = '';
  for (let i = 1; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) {
      const next = body[i + 1];
      current += next === 'n' ? '\n' : next === '|' ? '|' : next === '\\' ? '\\' : next === '"' ? '"' : `\\${next}`;
      i++;
    } else if (c === '|') {
      cells.push(current.trim());
      current = '';
    } else current += c;
  }
  return cells;
}

/** Every runnable case of a feature file: one per Scenario, one per Examples row of an Outline. */
export function parseFeature(source: string, fileName: string): TestCase[] {
  const lines = source.split(/\r?\n/);
  let featureName = fileName;
  let featureTags: string[] = [];
  let pendingTags: string[] = [];
  let background: RawStep[] = [];
  const scenarios: RawScenario[] = [];
  let section: 'none' | 'background' | 'scenario' | 'examples' = 'none';
  let lastStep: RawStep | undefined;

  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).trim();
    const lineNo = index + 1;
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('@')) {
      pendingTags.push(...line.split(/\s+/).filter((t) => t.startsWith('@')));
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = /^Feature:\s*(.*)$/.exec(line))) {
      featureName = m[1] as string;
      featureTags = pendingTags;
      pendingTags = [];
      section = 'none';
    } else if (/^Background:/.test(line)) {
      section = 'background';
      background = [];
      lastStep = undefined;
    } else if ((m = /^(Scenario Outline|Scenario Template|Scenario|Example):\s*(.*)$/.exec(line))) {
      scenarios.push({ name: m[2] as string, outline: m[1] !== 'Scenario' && m[1] !== 'Example', tags: pendingTags, steps: [], examples: [] });
      pendingTags = [];
      section = 'scenario';
      lastStep = undefined;
    } else if ((m = /^(Examples|Scenarios):\s*(.*)$/.exec(line))) {
      const scenario = scenarios[scenarios.length - 1];
      if (scenario === undefined) throw new Error(`${fileName}:${lineNo}: Examples outside a scenario`);
      scenario.examples.push({ name: m[2] as string, tags: pendingTags, rows: [] });
      pendingTags = [];
      section = 'examples';
      lastStep = undefined;
    } else if (line.startsWith('|')) {
      const row = parseRow(line);
      if (section === 'examples') {
        const scenario = scenarios[scenarios.length - 1] as RawScenario;
        (scenario.examples[scenario.examples.length - 1] as { rows: string[][] }).rows.push(row);
      } else if (lastStep !== undefined) {
        (lastStep.table ??= []).push(row);
      } else throw new Error(`${fileName}:${lineNo}: a table row outside a step or Examples`);
    } else if ((m = STEP.exec(line))) {
      const step: RawStep = { text: m[2] as string, table: undefined, line: lineNo };
      if (section === 'background') background.push(step);
      else if (section === 'scenario') (scenarios[scenarios.length - 1] as RawScenario).steps.push(step);
      else throw new Error(`${fileName}:${lineNo}: a step outside a scenario: ${line}`);
      lastStep = step;
    } else {
      throw new Error(`${fileName}:${lineNo}: unrecognised line: ${line}`);
    }
  }

  const cases: TestCase[] = [];
  for (const scenario of scenarios) {
    const steps = [...background, ...scenario.steps];
    if (!scenario.outline) {
      cases.push({ name: `${featureName} › ${scenario.name}`, tags: [...featureTags, ...scenario.tags], steps: steps.map(freeze) });
      continue;
    }
    for (const examples of scenario.examples) {
      const [header, ...rows] = examples.rows;
      if (header === undefined) throw new Error(`${fileName}: Examples of "${scenario.name}" have no header row`);
      rows.forEach((row, rowIndex) => {
        const values = new Map(header.map((h, i) => [h, row[i] ?? '']));
        const fill = (text: string): string => text.replace(/<([^<>]+)>/g, (whole, name: string) => values.get(name) ?? whole);
        const label = examples.name ? ` › ${examples.name}` : '';
        cases.push({
          name: `${featureName} › ${scenario.name}${label} › #${rowIndex + 1} ${row.join(' | ')}`,
          tags: [...featureTags, ...scenario.tags, ...examples.tags],
          steps: steps.map((s) => freeze({ text: fill(s.text), table: s.table?.map((r) => r.map(fill)), line: s.line })),
        });
      });
    }
  }
  return cases;
}

function freeze(step: RawStep): Step {
  return { text: step.text, table: step.table, line: step.line };
}
