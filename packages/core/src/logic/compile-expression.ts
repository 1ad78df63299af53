// Compiles JSONLogic (with flagd's operators) into a closure tree, once per document.
import { childPath, indexPath } from '../json/json-path.js';
import { isPlainObject } from '../json/describe-value.js';
import type { CompileContext, OperatorSite } from './compile-context.js';
import { constantNode, operationNode, type CompiledNode, type Expr, type Position } from './expression.js';
import { operators } from './operators.js';

/** Deeper nesting than this is rejected: real rules are shallow, and recursion must stay bounded. */
export const MAX_RULE_DEPTH = 64;

/**
 * Compile one JSONLogic value at `path`. Problems are reported through `ctx`; the returned node
 * is always usable (a failed operation compiles to `null`), so compilation reports every problem.
 */
export function compileExpression(
  ctx: CompileContext,
  json: unknown,
  path: string,
  position: Position,
  depth = 0,
): CompiledNode {
  if (depth > MAX_RULE_DEPTH) {
    ctx.fail(path, `rule is nested deeper than ${MAX_RULE_DEPTH} levels`);
    return constantNode(null);
  }
  if (json === null || typeof json === 'string' || typeof json === 'number' || typeof json === 'boolean') {
    if (position === 'result') checkLiteralResult(ctx, json, path);
    return constantNode(json);
  }
  if (Array.isArray(json)) return compileArray(ctx, json, path, depth);
  if (!isPlainObject(json)) {
    ctx.fail(path, `not a JSON value (${typeof json})`);
    return constantNode(null);
  }
  const keys = Object.keys(json);
  if (keys.length === 0) return constantNode({});
  if (keys.length > 1) {
    ctx.fail(path, `an operation has exactly one key (the operator); found ${keys.map((k) => JSON.stringify(k)).join(', ')}`);
    return constantNode(null);
  }
  const op = keys[0] as string;
  const rawArgs = json[op];
  if (op === '$ref') return compileRef(ctx, rawArgs, childPath(path, op), position);
  const compiler = Object.prototype.hasOwnProperty.call(operators, op) ? operators[op] : undefined;
  if (compiler === undefined) {
    ctx.fail(childPath(path, op), `unknown operator ${JSON.stringify(op)}`);
    return constantNode(null);
  }
  const args: readonly unknown[] = Array.isArray(rawArgs) ? rawArgs : [rawArgs];
  const argsPath = childPath(path, op);
  const site: OperatorSite = {
    ctx,
    op,
    path: argsPath,
    position,
    source: json,
    args,
    arg: (index, argPosition = 'value') =>
      index < args.length
        ? compileExpression(ctx, args[index], Array.isArray(rawArgs) ? indexPath(argsPath, index) : argsPath, argPosition, depth + 1)
        : constantNode(null),
    compile: (nested, nestedPath, nestedPosition = 'value') => compileExpression(ctx, nested, nestedPath, nestedPosition, depth + 1),
  };
  return compiler(site);
}

function compileArray(ctx: CompileContext, json: readonly unknown[], path: string, depth: number): CompiledNode {
  const items = json.map((item, i) => compileExpression(ctx, item, indexPath(path, i), 'value', depth + 1));
  if (items.every((item) => item.constant)) return constantNode(items.map((item) => item.value));
  const runs = items.map((item) => item.run);
  const run: Expr = (data, env, trace) => {
    const out = new Array<unknown>(runs.length);
    for (let i = 0; i < runs.length; i++) out[i] = (runs[i] as Expr)(data, env, trace);
    return out;
  };
  return operationNode(run, 1 + items.reduce((sum, item) => sum + item.cost, 0), () => `[${items.map((i) => i.label).join(', ')}]`);
}

function compileRef(ctx: CompileContext, name: unknown, path: string, position: Position): CompiledNode {
  if (typeof name !== 'string') {
    ctx.fail(path, '$ref must name an entry of $evaluators (a string)');
    return constantNode(null);
  }
  const target = ctx.resolveRef(name, path, position);
  if (target === undefined) return constantNode(null);
  const inner = target.run;
  const message = `uses $evaluators.${name}`;
  const run: Expr = (data, env, trace) => {
    if (trace !== undefined) trace.push({ path, message });
    return inner(data, env, trace);
  };
  return { run, cost: target.cost, label: `$ref ${name}`, constant: false, value: undefined, isVar: false };
}

/** A literal in result position names the variant: it must be one of the flag's. */
function checkLiteralResult(ctx: CompileContext, value: string | number | boolean | null, path: string): void {
  if (value === null) return;
  const name = String(value);
  if (ctx.variants === undefined) {
    ctx.collectResult?.(name, path);
    return;
  }
  if (!ctx.variants.has(name)) {
    ctx.lint(
      path,
      `targeting returns ${JSON.stringify(value)}, which is not a variant of flag ${JSON.stringify(ctx.flagKey)} (variants: ${[...ctx.variants].join(', ')})`,
    );
  }
}
