// The user wins: values that beat definitions and experiments (a command-line option, an
// environment variable, a file), each remembered with where it came from.
import { readFileSync } from 'node:fs';
import type { JsonValue } from '@rollgate/core';

/** Where an override came from, reported in `flagMetadata['rollgate.overrideSource']`. */
export type OverrideSource = 'options' | 'env' | 'file';

export interface Override {
  readonly value: JsonValue;
  readonly source: OverrideSource;
}

export interface OverrideInputs {
  /** Programmatic map, typically built from the app's command-line options. Highest precedence. */
  options: Readonly<Record<string, JsonValue | undefined>> | undefined;
  /** The environment variable's text (`ROLLGATE_OVERRIDES`) and its name, for messages. */
  envText: string | undefined;
  envName: string;
  /** A JSON file path: lowest precedence. */
  file: string | undefined;
}

/**
 * Merges the three layers, precedence options > env > file (the most deliberate act wins: a flag
 * typed on this command line beats a shell-wide variable, which beats a file left on disk).
 * Never throws: a layer that cannot be read or parsed is skipped and reported in `problems`
 * (named by variable or path, with the parser's position), so a typo cannot crash the app.
 */
export function loadOverrides(inputs: OverrideInputs): { overrides: Map<string, Override>; problems: string[] } {
  const overrides = new Map<string, Override>();
  const problems: string[] = [];
  const layer = (values: Record<string, JsonValue | undefined> | undefined, source: OverrideSource): void => {
    if (!values) return;
    // (an undefined value is an option the user did not give, as in `{ flag: argv.flag }`: no override)
    for (const [key, value] of Object.entries(values)) if (value !== undefined) overrides.set(key, { value, source });
  };
  if (inputs.file !== undefined) {
    let text: string | undefined;
    try {
      text = readFileSync(inputs.file, 'utf8');
    } catch (error) {
      problems.push(`overrides file ${inputs.file}: ${(error as Error).message}`);
    }
    if (text !== undefined) layer(parseObject(text, `overrides file ${inputs.file}`, problems), 'file');
  }
  if (inputs.envText !== undefined && inputs.envText.trim() !== '') {
    layer(parseObject(inputs.envText, `environment variable ${inputs.envName}`, problems), 'env');
  }
  if (inputs.options) layer({ ...inputs.options }, 'options');
  return { overrides, problems };
}

function parseObject(text: string, where: string, problems: string[]): Record<string, JsonValue> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.push(`${where} is not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.push(`${where} must be a JSON object mapping flag keys to values, e.g. {"new-checkout": true}`);
    return undefined;
  }
  return json as Record<string, JsonValue>;
}
