// Where per-user files live: the XDG base directories, with the usual fallbacks.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Environment lookup, injectable so tests never touch the real home directory. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The user's config directory for `appName`: `$XDG_CONFIG_HOME/<app>`, else `~/.config/<app>`
 * (also on macOS: CLIs conventionally use ~/.config there). On Windows, `%APPDATA%\<app>`.
 */
export function configDir(appName: string, env: Env = process.env): string {
  const xdg = env['XDG_CONFIG_HOME'];
  if (xdg !== undefined && xdg.startsWith('/')) return join(xdg, appName);
  if (process.platform === 'win32' && env['APPDATA']) return join(env['APPDATA'], appName);
  return join(env['HOME'] ?? homedir(), '.config', appName);
}

/** The user's cache directory for `appName`: `$XDG_CACHE_HOME/<app>`, else `~/.cache/<app>`. */
export function cacheDir(appName: string, env: Env = process.env): string {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg.startsWith('/')) return join(xdg, appName);
  if (process.platform === 'win32' && env['LOCALAPPDATA']) return join(env['LOCALAPPDATA'], appName, 'cache');
  return join(env['HOME'] ?? homedir(), '.cache', appName);
}
