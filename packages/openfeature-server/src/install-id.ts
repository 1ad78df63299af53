// A stable per-machine id shared by flags and the app's telemetry, so exposures and funnel
// events join on one distinct id.
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDir, type Env } from './config-dirs.js';

export interface InstallIdOptions {
  /** Directory name under the config dir; the app's own name. Default `rollgate`. */
  appName?: string;
  /** Overrides the directory that holds `install-id`. Default `configDir(appName)`. */
  dir?: string;
  /** Environment (XDG_CONFIG_HOME, HOME). Default `process.env`. */
  env?: Env;
}

export interface InstallId {
  readonly id: string;
  /** False when the disk failed and the id lives only in this process (ephemeral). */
  readonly persisted: boolean;
  /** The file that holds (or would hold) the id. */
  readonly path: string;
  /** Why the id is ephemeral, when it is. */
  readonly problem?: string;
}

// One answer per path per process: two callers in one process (flags and telemetry) must agree
// even when the disk is failing and the id is ephemeral.
const memo = new Map<string, InstallId>();

// Anything an older telemetry version may have written is kept (existing users keep their id),
// as long as it is one line of text (however short: telemetry ids may be small numbers; spaces and
// non-ASCII letters included); a file holding junk (empty, several lines, control characters,
// over 200 characters) is replaced.
const ACCEPTABLE_ID = /^[^\p{Cc}\p{Cs}]{1,200}$/u;

/**
 * The install id: read from `<config dir>/<app>/install-id`, created once (a random UUID v4) when
 * absent. Existing ids are kept. Two processes racing to create it end with the same id: the new
 * file is written aside and hard-linked into place, which fails if another process won.
 * Never throws: on a disk failure it returns an ephemeral id (`persisted: false`), the same one for
 * the rest of this process. Synchronous on purpose: a CLI calls it at startup for telemetry.
 *
 * @example
 *   const { id } = getInstallId({ appName: 'mycli' }); // '0b5d6c7e-...' (same on every run)
 */
export function getInstallId(options: InstallIdOptions = {}): InstallId {
  const dir = options.dir ?? configDir(options.appName ?? 'rollgate', options.env);
  const path = join(dir, 'install-id');
  const known = memo.get(path);
  if (known) return known;
  const result = readOrCreate(path, dir);
  memo.set(path, result);
  return result;
}

function readOrCreate(path: string, dir: string): InstallId {
  const existing = readExisting(path);
  if (existing.ok) return { id: existing.id, persisted: true, path };
  const id = randomUUID();
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.${id.slice(0, 8)}.tmp`;
    writeFileSync(tmp, `${id}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSyncOrExists(tmp, path, existing.junk);
    } finally {
      try {
        unlinkSync(tmp);
      } catch {
        /* already gone */
      }
    }
    const settled = readExisting(path);
    if (settled.ok) return { id: settled.id, persisted: true, path };
    return ephemeral(id, path, `could not read back ${path}`);
  } catch (error) {
    return ephemeral(id, path, `could not write ${path}: ${(error as Error).message}`);
  }
}

function linkSyncOrExists(tmp: string, path: string, replaceJunk: boolean): void {
  if (replaceJunk) {
    try {
      unlinkSync(path);
    } catch {
      /* someone else replaced it */
    }
  }
  try {
    linkSync(tmp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    // File systems without hard links: a rename still lands a whole file (a racing creator may
    // be overwritten, once, before either id was used).
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return renameSync(tmp, path);
    throw error;
  }
}

function readExisting(path: string): { ok: true; id: string } | { ok: false; junk: boolean } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { ok: false, junk: false };
  }
  const id = text.trim();
  return ACCEPTABLE_ID.test(id) ? { ok: true, id } : { ok: false, junk: true };
}

function ephemeral(id: string, path: string, problem: string): InstallId {
  return { id, persisted: false, path, problem };
}

/** Forgets memoised ids (tests only). */
export function resetInstallIdMemo(): void {
  memo.clear();
}
