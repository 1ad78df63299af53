import { OpenFeature, ProviderEvents, type Client, type EventDetails, type Provider } from '@openfeature/server-sdk';
import { domain } from './temp-dir.js';

/** One provider event as a client saw it, in arrival order. */
export interface SeenEvent {
  type: ProviderEvents;
  details: EventDetails | undefined;
}

/**
 * Registers `provider` in a fresh OpenFeature domain (so tests never share one) and waits for it,
 * with the client's READY, ERROR, STALE and CONFIGURATION_CHANGED events recorded from the start:
 * handlers go on before registration, so the first READY or ERROR is never missed.
 */
export async function registerWithEvents(provider: Provider, label: string): Promise<{ c: Client; events: SeenEvent[] }> {
  const name = domain(label);
  const c = OpenFeature.getClient(name);
  const events: SeenEvent[] = [];
  for (const type of [ProviderEvents.Ready, ProviderEvents.Error, ProviderEvents.Stale, ProviderEvents.ConfigurationChanged]) {
    c.addHandler(type, (details) => void events.push({ type, details }));
  }
  await OpenFeature.setProviderAndWait(name, provider);
  return { c, events };
}
