// When a request that went straight to the network fails while the environment names a proxy, say
// so: the default transports (node:http, Node 20's global fetch) never read HTTPS_PROXY.
import type { LoadOutcome } from './definition-source.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The proxy variable that would apply to `url` (`https_proxy`/`HTTPS_PROXY` for https,
 * `http_proxy`/`HTTP_PROXY` for http, then `all_proxy`/`ALL_PROXY`), unless `no_proxy`/`NO_PROXY`
 * exempts the host (`*`, the host itself, or a domain it is under; ports are ignored). Undefined
 * when none applies.
 */
export function proxyVariableFor(url: URL, env: Env): string | undefined {
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const name = [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY'].find((n) => (env[n] ?? '') !== '');
  if (name === undefined) return undefined;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const exempt = (env['no_proxy'] ?? env['NO_PROXY'] ?? '')
    .split(/[\s,]+/)
    .map(noProxyHost)
    .some((entry) => entry === '*' || (entry !== '' && (host === entry || host.endsWith(`.${entry}`))));
  return exempt ? undefined : name;
}

/** A NO_PROXY entry as a bare lowercase host: without a port, IPv6 brackets or a leading `.`/`*.`. */
function noProxyHost(entry: string): string {
  const lower = entry.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(lower);
  if (bracketed) return bracketed[1] ?? '';
  // A bare IPv6 literal has several colons and no port to strip.
  const host = lower.indexOf(':') === lower.lastIndexOf(':') ? lower.replace(/:\d+$/, '') : lower;
  return host.replace(/^\*?\./, '');
}

/**
 * `outcome` with a hint appended to a NETWORK or TIMEOUT failure's message when a proxy variable
 * applies to `url`; any other outcome unchanged.
 */
export function withProxyHint(outcome: LoadOutcome, url: URL, env: Env = process.env): LoadOutcome {
  if (outcome.status !== 'failed' || (outcome.failure.code !== 'NETWORK' && outcome.failure.code !== 'TIMEOUT')) return outcome;
  const variable = proxyVariableFor(url, env);
  if (variable === undefined) return outcome;
  const hint = `; ${variable} is set, but this request went direct: the default transport does not use a proxy (pass a fetch that does)`;
  return { ...outcome, failure: { ...outcome.failure, message: outcome.failure.message + hint } };
}
