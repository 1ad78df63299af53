// How traces name an operand: a literal by its JSON, anything else by its label and value.
import { describeValue } from '../json/describe-value.js';
import type { CompiledNode } from './expression.js';

/** `"@example.com"` for a literal, `email ("ana@example.com")` for an attribute or expression. */
export function operand(node: CompiledNode, value: unknown): string {
  if (node.constant) return node.label;
  return `${node.label} (${describeValue(value)})`;
}
