import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { formatPath, type PlanIssue } from './plan-issue.js';

/** A parsed plan document: the plain value plus a way to find where any path came from. */
export interface ParsedPlanText {
  readonly value: unknown;
  /** Line/column of the value at `path` (or of its key when `key` is true); the nearest ancestor if absent. */
  locate(path: readonly (string | number)[], key?: boolean): { line: number; column: number };
}

/**
 * Parses YAML or JSON (JSON is read by the same YAML 1.2 parser, so both get positions).
 * Syntax errors and duplicate keys come back as issues with line:column; never throws.
 */
export function parsePlanText(text: string, file: string): { ok: true; parsed: ParsedPlanText } | { ok: false; issues: PlanIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '', message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') };
      }),
    };
  }
  const valuePositions = new Map<string, number>();
  const keyPositions = new Map<string, number>();
  const walk = (node: unknown, path: (string | number)[]): void => {
    const n = node as Node | null;
    if (n?.range) valuePositions.set(formatPath(path), n.range[0]);
    if (isMap(n)) {
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
        const childPath = [...path, key];
        const keyNode = item.key as Node | null;
        if (keyNode?.range) keyPositions.set(formatPath(childPath), keyNode.range[0]);
        walk(item.value, childPath);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, index) => walk(item, [...path, index]));
    }
  };
  walk(doc.contents, []);
  const locate = (path: readonly (string | number)[], key = false) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const p = formatPath(path.slice(0, depth));
      const offset = (key && depth === path.length ? keyPositions.get(p) : undefined) ?? valuePositions.get(p) ?? keyPositions.get(p);
      if (offset !== undefined) {
        const pos = lineCounter.linePos(offset);
        return { line: pos.line, column: pos.col };
      }
    }
    return { line: 1, column: 1 };
  };
  return { ok: true, parsed: { value: doc.toJS({ maxAliasCount: 100 }) as unknown, locate } };
}
