// Demo: the dashboard's "button vs card" call-to-action (situation 2 of the brief). The flag is
// read with exposure only where the call-to-action is shown; the page shell reads it with the
// hint `exposure: false`. Exposures, and the `instance_created` event that clicking the
// call-to-action tracks, land in `window.__exposures` (stand-in for posthog.capture).
import { OpenFeature, ProviderEvents } from '@openfeature/web-sdk';
import { readBootstrap, RollgateWebProvider } from '@rollgate/openfeature-web';

declare global {
  interface Window {
    __exposures: { event: string; properties: Record<string, unknown> }[];
    __rollgateErrors: string[];
  }
}

const FLAG = 'create-instance-cta';
const USERS = ['user-1', 'user-2'] as const;
window.__exposures = [];
window.__rollgateErrors = [];

const bootstrap = readBootstrap(document);
if (!bootstrap.ok) window.__rollgateErrors.push(bootstrap.error);

const provider = new RollgateWebProvider({
  url: '/flags.json',
  bootstrap: bootstrap.ok ? bootstrap.value : undefined,
  // Always revalidate in the background, serving the cache meanwhile (stale-while-revalidate).
  cache: { ttlMs: 0 },
  fetchTimeoutMs: 1500,
  capture: (event, properties) => window.__exposures.push({ event, properties }),
  onError: (error) => window.__rollgateErrors.push(error.message),
});

let userIndex = 0;
const contextFor = (index: number) => ({ targetingKey: USERS[index % USERS.length] ?? USERS[0] });
let ctaVisible = true;
const client = OpenFeature.getClient();

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string>, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderCallToAction(): void {
  const slot = document.getElementById('cta-slot');
  if (slot === null) return;
  if (!ctaVisible) {
    slot.replaceChildren();
    return;
  }
  // The one read that counts as an exposure: the user is about to see this variant.
  const variant = client.getStringValue(FLAG, 'button');
  if (variant === 'card') {
    const card = element('section', { id: 'cta', class: 'cta-card', 'data-variant': 'card' });
    card.append(element('h2', {}, 'Create instance'), element('p', {}, 'Pick a size and a region; ready in about a minute.'), element('button', { type: 'button' }, 'Start'));
    slot.replaceChildren(card);
  } else {
    slot.replaceChildren(element('button', { id: 'cta', class: 'cta-button', type: 'button', 'data-variant': 'button' }, 'Create instance'));
  }
}

function renderShell(): void {
  // The shell reads the same flag for a layout hint, but nobody sees the call-to-action here.
  const hint = client.getStringValue(FLAG, 'button', { hookHints: { exposure: false } });
  setText('layout-hint', `layout: ${hint}`);
  setText('user', USERS[userIndex] ?? '');
  setText('status', client.providerStatus);
  setText('toggle-cta', ctaVisible ? 'Hide call-to-action' : 'Show call-to-action');
}

function setText(id: string, text: string): void {
  const node = document.getElementById(id);
  if (node !== null) node.textContent = text;
}

function render(): void {
  renderShell();
  renderCallToAction();
}

for (const event of [ProviderEvents.Ready, ProviderEvents.ContextChanged, ProviderEvents.ConfigurationChanged, ProviderEvents.Stale, ProviderEvents.Error, ProviderEvents.Reconciling]) {
  client.addHandler(event, render);
}

document.getElementById('switch-user')?.addEventListener('click', () => {
  userIndex = (userIndex + 1) % USERS.length;
  void OpenFeature.setContext(contextFor(userIndex));
});
document.getElementById('toggle-cta')?.addEventListener('click', () => {
  ctaVisible = !ctaVisible;
  render();
});
document.getElementById('rerender')?.addEventListener('click', render);
// The conversion: tracked with the variant this user was shown (`$feature/<flag>`).
document.getElementById('cta-slot')?.addEventListener('click', (event) => {
  if ((event.target as Element | null)?.closest('button') !== null) client.track('instance_created', { value: 1 });
});

// With a bootstrap this resolves in microtasks, before the browser paints: no flicker.
try {
  await OpenFeature.setProviderAndWait(provider, contextFor(userIndex));
} catch {
  // No definitions anywhere: reads return the code defaults (fail open); the status says ERROR.
}
render();
document.documentElement.dataset.ready = 'true';
