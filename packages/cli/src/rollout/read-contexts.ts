// Reading a population of evaluation contexts (JSON lines), streaming, with bad lines set aside.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { EvaluationContext } from '@rollgate/core';

export interface BadLine {
  readonly line: number;
  readonly reason: string;
}

/**
 * Calls `onContext` for every line that is a JSON object (blank lines are skipped); any other line
 * is counted in the returned list with its line number and why, never silently dropped.
 */
export async function readContexts(input: Readable, onContext: (context: EvaluationContext, line: number) => void): Promise<{ read: number; bad: BadLine[] }> {
  const bad: BadLine[] = [];
  let line = 0;
  let read = 0;
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      bad.push({ line, reason: `not valid JSON (${err instanceof Error ? err.message : String(err)})` });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      bad.push({ line, reason: 'not a JSON object (a context is an object, e.g. {"targetingKey":"user-1"})' });
      continue;
    }
    const targetingKey = (value as Record<string, unknown>)['targetingKey'];
    if (targetingKey !== undefined && typeof targetingKey !== 'string') {
      bad.push({ line, reason: `targetingKey must be a string, got ${JSON.stringify(targetingKey)}` });
      continue;
    }
    read++;
    onContext(value as EvaluationContext, line);
  }
  return { read, bad };
}

export function openContexts(path: string): Readable {
  return createReadStream(path, { encoding: 'utf8' });
}
