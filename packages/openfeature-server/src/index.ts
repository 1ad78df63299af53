// @rollgate/openfeature-server: the OpenFeature server provider (sources, disk cache, fail-open).
export { RollgateProvider } from './provider/rollgate-provider.js';
export type { ProviderState } from './provider/rollgate-provider.js';
export type { RollgateProviderOptions, TrackHandler } from './options.js';
export { ProviderInitError } from './provider/provider-init-error.js';

export type { DefinitionSource, LoadOutcome, LoadRequest, SourceFailure } from './sources/definition-source.js';
export { FileSource } from './sources/file-source.js';
export type { FileSourceOptions } from './sources/file-source.js';
export { HttpSource } from './sources/http-source.js';
export type { HttpSourceOptions } from './sources/http-source.js';
export { compileFlagdText } from './sources/compile-flagd-text.js';
export { PosthogLocalSource } from './sources/posthog-local.js';
export type { PosthogLocalSourceOptions } from './sources/posthog-local.js';
export { PosthogRemoteSource } from './sources/posthog-remote.js';
export type { PosthogRemoteSourceOptions } from './sources/posthog-remote.js';
export { compilePosthogText } from './sources/compile-posthog-text.js';
export { createSource, registerSourceKind, sourceKinds } from './sources/source-registry.js';
export type { SourceFactory, SourceSpec } from './sources/source-registry.js';
export { parseRetryAfter } from './sources/retry-after.js';

export { FlagStore } from './store/flag-store.js';
export type { ChangeRecord, Freshness, Snapshot, StartResult, StoreEvent, StoreHealth, StoreOptions, StoreStats } from './store/flag-store.js';
export { backoffDelay } from './store/backoff.js';
export type { BackoffOptions } from './store/backoff.js';

export { DocumentCache, textHash } from './cache/document-cache.js';
export type { CacheEntry, CacheRead } from './cache/document-cache.js';
export { syncDirectory, writeFileAtomic } from './cache/write-file-atomic.js';
export type { WriteFileAtomicOptions } from './cache/write-file-atomic.js';

export { getInstallId } from './install-id.js';
export type { InstallId, InstallIdOptions } from './install-id.js';
export { cacheDir, configDir } from './config-dirs.js';
export type { Env } from './config-dirs.js';
export { defaultLogger } from './logger.js';

export { RollgateServerError } from './errors/rollgate-server-error.js';
export type { RollgateServerErrorCode } from './errors/rollgate-server-error.js';
export { InvalidOptionsError } from './errors/invalid-options-error.js';

export { ExposureRecorder } from './exposure/exposure-recorder.js';
export type { ExposureCall, RecorderEnvironment } from './exposure/exposure-recorder.js';
export { ExposureHook, EXPOSURE_HINT } from './exposure/exposure-hook.js';
export type { ExposureOptions, SinkSpec } from './exposure/exposure-options.js';
export { accountingHolds } from './exposure/exposure-stats.js';
export type { CloseReport, ExposureStats } from './exposure/exposure-stats.js';
export type { CapturedEvent, ExposureSink } from './exposure/sinks/exposure-sink.js';
export { PosthogSink } from './exposure/sinks/posthog-sink.js';
export type { PosthogSinkOptions } from './exposure/sinks/posthog-sink.js';
export { JsonlFileSink, jsonLine } from './exposure/sinks/jsonl-file-sink.js';
export type { JsonlFileSinkOptions } from './exposure/sinks/jsonl-file-sink.js';
// (pure, in @rollgate/core since the web provider attributes tracked events too; re-exported here)
export { trackedEventProperties } from '@rollgate/core';

// Shadow comparison of two sources and the cutover switches (issue 10).
export { ShadowProvider } from './shadow/shadow-provider.js';
export type { ShadowState } from './shadow/shadow-provider.js';
export type { ShadowProviderOptions } from './shadow/shadow-options.js';
export { resolveShadowMode, SHADOW_MODES } from './shadow/shadow-mode.js';
export type { ModeInputs, ModeOrigin, ResolvedMode, ShadowMode } from './shadow/shadow-mode.js';
export { ShadowSampler } from './shadow/shadow-sampler.js';
export { shadowAccountingHolds } from './shadow/shadow-stats.js';
export type { ShadowStats } from './shadow/shadow-stats.js';
export type { ComparisonLogStats } from './shadow/comparison-log.js';
