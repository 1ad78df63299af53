// PostHog remote evaluation (`POST /flags/?v=2`): the answers PostHog's server computed for one
// distinct id, as a compiled document the engine serves without knowing PostHog's rules.
import { documentHash } from '../hash/document-hash.js';
import type { CompiledDocument, CompiledFlag, DefinitionIssue, FlagMetadata, JsonValue, Result } from '../types.js';
import { TargetingFailure } from '../types.js';
import { describe, isRecord, type JsonRecord } from './read-definitions.js';

export interface RemoteFlagsOptions {
  /** The distinct id the answers were computed for; a context naming another id gets an error. */
  distinctId: string;
}

interface RemoteAnswer {
  enabled: boolean;
  variant: string | undefined;
  payload: string | undefined;
  id: number | undefined;
  version: number | undefined;
  reason: string | undefined;
}

function parsePayloadText(payload: JsonValue | undefined): string | undefined {
  if (payload === undefined || payload === null) return undefined;
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}

/** Reads the v2 shape (`flags: { key: { enabled, variant, metadata, reason } }`) or the v1 shape (`featureFlags`, `featureFlagPayloads`). */
function readAnswers(doc: JsonRecord, issues: DefinitionIssue[]): Map<string, RemoteAnswer> {
  const answers = new Map<string, RemoteAnswer>();
  const v2 = doc['flags'];
  if (isRecord(v2)) {
    for (const [key, detail] of Object.entries(v2)) {
      const path = `$.flags.${key}`;
      if (!isRecord(detail) || typeof detail['enabled'] !== 'boolean') {
        issues.push({ path, flagKey: key, message: `must be { enabled: boolean, variant?, metadata? }, got ${describe(detail)}` });
        continue;
      }
      // A flag PostHog failed to compute is left out: the caller's default applies.
      if (detail['failed'] === true) continue;
      const variant = detail['variant'];
      if (variant !== undefined && variant !== null && typeof variant !== 'string') {
        issues.push({ path: `${path}.variant`, flagKey: key, message: `must be a string or null, got ${describe(variant)}` });
        continue;
      }
      const metadata = isRecord(detail['metadata']) ? detail['metadata'] : {};
      const reason = isRecord(detail['reason']) ? detail['reason'] : {};
      answers.set(key, {
        enabled: detail['enabled'],
        variant: typeof variant === 'string' && detail['enabled'] ? variant : undefined,
        payload: parsePayloadText(metadata['payload']),
        id: typeof metadata['id'] === 'number' ? metadata['id'] : undefined,
        version: typeof metadata['version'] === 'number' ? metadata['version'] : undefined,
        reason: typeof reason['code'] === 'string' ? reason['code'] : undefined,
      });
    }
    return answers;
  }
  const v1 = doc['featureFlags'];
  if (isRecord(v1)) {
    const payloads = isRecord(doc['featureFlagPayloads']) ? doc['featureFlagPayloads'] : {};
    for (const [key, value] of Object.entries(v1)) {
      if (typeof value !== 'boolean' && typeof value !== 'string') {
        issues.push({ path: `$.featureFlags.${key}`, flagKey: key, message: `must be a boolean or a variant key, got ${describe(value)}` });
        continue;
      }
      answers.set(key, {
        enabled: value !== false,
        variant: typeof value === 'string' ? value : undefined,
        payload: parsePayloadText(payloads[key]),
        id: undefined,
        version: undefined,
        reason: undefined,
      });
    }
    return answers;
  }
  issues.push({ path: '$', message: 'a PostHog /flags response must have a "flags" object (v2) or a "featureFlags" object (v1)' });
  return answers;
}

function parsePayload(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/**
 * Compiles a PostHog `/flags` response into a document of fixed answers (see README "PostHog
 * remote evaluation"): a flag with a variant is a `string` flag answering that variant; an enabled
 * flag without one a `boolean` answering true; a disabled one a `boolean` answering false (reason
 * DEFAULT). Reason TARGETING_MATCH marks PostHog's server as the one who decided. The payload
 * for the answer is in `flagMetadata.posthogPayload` (JSON text) and in the `object` reading.
 * Rejected whole (the last good answers keep serving) when the shape is wrong or PostHog reports
 * its feature-flag quota exceeded.
 */
export function compilePosthogRemote(response: unknown, options: RemoteFlagsOptions): Result<CompiledDocument, DefinitionIssue[]> {
  if (!isRecord(response as JsonValue)) {
    return { ok: false, error: [{ path: '$', message: `a PostHog /flags response must be an object, got ${describe(response as JsonValue)}` }] };
  }
  const doc = response as JsonRecord;
  const quota = doc['quotaLimited'];
  if (Array.isArray(quota) && quota.includes('feature_flags')) {
    return { ok: false, error: [{ path: '$.quotaLimited', message: 'PostHog reports the feature-flags quota exceeded: its answers are not evaluations' }] };
  }
  const issues: DefinitionIssue[] = [];
  const answers = readAnswers(doc, issues);
  if (issues.length > 0) return { ok: false, error: issues };

  const distinctId = options.distinctId;
  const requestId = typeof doc['requestId'] === 'string' ? doc['requestId'] : undefined;
  const flags = new Map<string, CompiledFlag>();
  for (const [key, answer] of answers) {
    const multivariate = answer.variant !== undefined;
    const name = multivariate ? answer.variant! : answer.enabled ? 'true' : 'false';
    const variants: Record<string, JsonValue> = multivariate ? { [name]: name } : { true: true, false: false };
    const metadata: Record<string, string | number | boolean> = { posthogDistinctId: distinctId };
    if (answer.id !== undefined) metadata['posthogFlagId'] = answer.id;
    if (answer.version !== undefined) metadata['posthogFlagVersion'] = answer.version;
    if (answer.reason !== undefined) metadata['posthogReason'] = answer.reason;
    if (answer.payload !== undefined) metadata['posthogPayload'] = answer.payload;
    if (requestId !== undefined) metadata['posthogRequestId'] = requestId;
    const object: Record<string, JsonValue> = answer.payload !== undefined && answer.enabled ? { [name]: parsePayload(answer.payload) } : {};
    const valuesByType: NonNullable<CompiledFlag['valuesByType']> = multivariate
      ? { boolean: { [name]: true }, object }
      : { string: {}, object };
    const picked = answer.enabled ? name : null;
    flags.set(key, {
      key,
      enabled: true,
      type: multivariate ? 'string' : 'boolean',
      variants,
      defaultVariant: multivariate ? undefined : 'false',
      metadata: metadata as FlagMetadata,
      requires: [],
      targeting: (context) => {
        const asked = context.targetingKey;
        if (asked !== undefined && asked !== distinctId) {
          return new TargetingFailure('GENERAL', `PostHog evaluated flag "${key}" remotely for distinct id ${JSON.stringify(distinctId)}, not ${JSON.stringify(asked)}`);
        }
        return picked;
      },
      path: `$.flags.${key}`,
      valuesByType,
      sourceHash: documentHash({ key, ...answer }),
    });
  }
  return { ok: true, value: { dialect: 'posthog', flags, metadata: {} } };
}
