// Crash-safe replacement of a file: readers see the old bytes or the new bytes, never a mix.
// The one implementation in the monorepo: the provider's disk cache and the CLI's flag edits use it
// (the CLI imports it through the `@rollgate/openfeature-server/write-file-atomic` entry point).
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** How {@link writeFileAtomic} treats permissions and a missing directory. */
export interface WriteFileAtomicOptions {
  /**
   * Permission bits of a new file (before the process umask). Default `0o600`: the provider's
   * cache holds definitions that may be private. The CLI passes `0o644` for a flags file.
   */
  mode?: number;
  /**
   * When the target exists, give the new file the old file's permission bits instead of `mode`,
   * so rewriting a user's file never changes who may read it. Default `false`.
   */
  keepMode?: boolean;
  /**
   * Create the target's directory (and parents, mode `0o700`) when missing. Default `true`: a
   * cache directory may not exist yet. The CLI passes `false` so a mistyped path fails loudly.
   */
  mkdir?: boolean;
}

/**
 * Writes `data` to a temp file in the same directory (so the rename never crosses file systems),
 * fsyncs it, renames it over `path` (atomic on POSIX), then fsyncs the directory so the rename
 * itself survives a power cut. A process killed at any point leaves `path` untouched or complete;
 * at worst a `.<name>.*.tmp` file stays behind (swept by `sweepTempFiles`). On failure the temp
 * file is removed and the target is untouched.
 *
 * @throws the underlying fs error (ENOSPC, EACCES, ENOENT, ...), after cleaning up; the caller
 *   decides how loud to be
 * @example
 *   await writeFileAtomic('flags.json', text, { mode: 0o644, keepMode: true, mkdir: false });
 */
export async function writeFileAtomic(path: string, data: string, options: WriteFileAtomicOptions = {}): Promise<void> {
  const { mode = 0o600, keepMode = false, mkdir: makeDir = true } = options;
  const dir = dirname(path);
  if (makeDir) await mkdir(dir, { recursive: true, mode: 0o700 });
  const fileMode = keepMode ? await existingMode(path, mode) : mode;
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', fileMode);
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw error;
  }
  await syncDirectory(dir);
}

/** The permission bits of `path`, or `fallback` when it does not exist yet. */
async function existingMode(path: string, fallback: number): Promise<number> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch {
    return fallback;
  }
}

/**
 * fsyncs a directory, which makes a rename or a new entry in it durable. Best effort: some
 * platforms (Windows, a few network file systems) refuse to open or fsync a directory; the
 * rename has still happened there, and durability is the file system's business.
 */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}
