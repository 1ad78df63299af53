// Source kinds by name, so configuration (and later helpers' sources: posthog-local,
// posthog-remote) can pick a source without the provider importing each one.
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { RollgateServerError } from '../errors/rollgate-server-error.js';
import type { DefinitionSource } from './definition-source.js';
import { FileSource, type FileSourceOptions } from './file-source.js';
import { HttpSource, type HttpSourceOptions } from './http-source.js';
import { PosthogLocalSource, type PosthogLocalSourceOptions } from './posthog-local.js';
import { PosthogRemoteSource, type PosthogRemoteSourceOptions } from './posthog-remote.js';

/** A source described by data: `{ kind: 'http', url: '...' }`. The other keys are the kind's options. */
export interface SourceSpec {
  kind: string;
  [option: string]: unknown;
}

/** Builds a source from its spec; throws `InvalidOptionsError` for bad options. */
export type SourceFactory = (spec: SourceSpec) => DefinitionSource;

const factories = new Map<string, SourceFactory>([
  ['file', (spec) => new FileSource(spec as unknown as FileSourceOptions)],
  ['http', (spec) => new HttpSource(spec as unknown as HttpSourceOptions)],
  ['posthog-local', (spec) => new PosthogLocalSource(spec as unknown as PosthogLocalSourceOptions)],
  ['posthog-remote', (spec) => new PosthogRemoteSource(spec as unknown as PosthogRemoteSourceOptions)],
]);

/** Adds (or replaces) a source kind. */
export function registerSourceKind(kind: string, factory: SourceFactory): void {
  factories.set(kind, factory);
}

/** The registered kinds, for error messages and docs. */
export function sourceKinds(): string[] {
  return [...factories.keys()].sort();
}

/**
 * Resolves the provider's `source` option: a ready `DefinitionSource`; a spec `{ kind, ... }`;
 * or a string: `http://` / `https://` URLs are http sources, `file://` URLs and anything else
 * are file paths.
 */
export function createSource(source: DefinitionSource | SourceSpec | string | URL): DefinitionSource {
  if (typeof source === 'string' || source instanceof URL) {
    const text = String(source);
    if (/^https?:\/\//i.test(text)) return new HttpSource({ url: text });
    if (/^file:\/\//i.test(text)) return new FileSource({ path: new URL(text).pathname });
    return new FileSource({ path: text });
  }
  if (typeof source !== 'object' || source === null) {
    throw new InvalidOptionsError('source', 'must be a path, a URL, a { kind, ... } spec or a DefinitionSource');
  }
  if (typeof (source as DefinitionSource).load === 'function') return source as DefinitionSource;
  const spec = source as SourceSpec;
  const factory = factories.get(spec.kind);
  if (!factory) {
    throw new RollgateServerError(
      'UNKNOWN_SOURCE_KIND',
      `source kind ${JSON.stringify(spec.kind)} is not registered (known: ${sourceKinds().join(', ')})`,
    );
  }
  return factory(spec);
}
