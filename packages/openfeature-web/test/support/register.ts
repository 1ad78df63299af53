// Registers a provider under a fresh OpenFeature domain, recording every event its client sees.
import { OpenFeature, ProviderEvents, type Client, type EvaluationContext, type Provider } from '@openfeature/web-sdk';

let counter = 0;

export interface Registered {
  domain: string;
  client: Client;
  events: { type: string; message?: string; errorCode?: string; flagsChanged?: string[] }[];
}

export function domainFor(name: string): string {
  counter += 1;
  return `${name}-${counter}`;
}

/** Attaches the event log before the provider is set, so READY / ERROR are seen. */
export function watch(domain: string): Registered {
  const client = OpenFeature.getClient(domain);
  const events: Registered['events'] = [];
  for (const type of Object.values(ProviderEvents)) {
    client.addHandler(type, (details) => {
      const entry: Registered['events'][number] = { type };
      if (typeof details?.message === 'string') entry.message = details.message;
      if (typeof details?.errorCode === 'string') entry.errorCode = details.errorCode;
      if (Array.isArray(details?.flagsChanged)) entry.flagsChanged = details.flagsChanged as string[];
      events.push(entry);
    });
  }
  return { domain, client, events };
}

export async function register(name: string, provider: Provider, context: EvaluationContext): Promise<Registered> {
  const registered = watch(domainFor(name));
  await OpenFeature.setProviderAndWait(registered.domain, provider, context);
  return registered;
}

/** Lets queued timers and microtasks run (the provider schedules background work with setTimeout 0). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}
