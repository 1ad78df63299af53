import { readFile } from 'node:fs/promises';
import { PlanError } from './plan-error.js';
import { parsePlanText } from './parse-plan-text.js';
import type { PlanIssue } from './plan-issue.js';
import { planRoot } from './plan-reader.js';
import { getPlanType, planTypeNames, type PlanHeader } from './plan-registry.js';
import { registerBuiltinPlanTypes } from './register-builtin-plan-types.js';

/** A validated plan with the type that evaluates it. */
export interface LoadedPlan {
  readonly plan: PlanHeader;
  readonly typeName: string;
}

export const HEADER_KEYS = ['type', 'name', 'question', 'description'] as const;

/**
 * Validates plan text (YAML or JSON). Returns every issue with file:line:column, never throws.
 */
export function parsePlan(text: string, file = '<plan>'): { ok: true; plan: PlanHeader } | { ok: false; issues: PlanIssue[] } {
  registerBuiltinPlanTypes();
  const parsed = parsePlanText(text, file);
  if (!parsed.ok) return parsed;
  const issues: PlanIssue[] = [];
  const root = planRoot(parsed.parsed, file, issues);
  if (!root.present || typeof root.value !== 'object' || Array.isArray(root.value)) {
    root.issue('a plan must be a mapping with type, name and question');
    return { ok: false, issues };
  }
  const typeName = root.field('type').string({ oneOf: planTypeNames() });
  const name = root.field('name').string({ pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/, patternHint: 'must be letters, digits, _ . - (it names the report)' });
  const question = root.field('question').string();
  root.field('description').string({ required: false });
  const planType = typeName === undefined ? undefined : getPlanType(typeName);
  if (planType === undefined) {
    // Without a known type the other keys cannot be checked; report what we have.
    return { ok: false, issues };
  }
  root.object([...HEADER_KEYS, ...planType.keys]);
  const plan = planType.read(root, { type: typeName!, name: name ?? '', question: question ?? '', file });
  if (issues.length > 0 || plan === undefined) return { ok: false, issues: issues.length > 0 ? issues : [{ file, line: 1, column: 1, path: '', message: 'invalid plan' }] };
  return { ok: true, plan };
}

/** Reads and validates a plan file; throws PlanError (code INVALID_PLAN) listing every issue. */
export async function loadPlanFile(path: string): Promise<PlanHeader> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new PlanError([{ file: path, line: 1, column: 1, path: '', message: `cannot read plan: ${(cause as Error).message}` }]);
  }
  const result = parsePlan(text, path);
  if (!result.ok) throw new PlanError(result.issues);
  return result.plan;
}
