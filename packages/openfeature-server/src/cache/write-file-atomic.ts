// Crash-safe replacement of a file: readers see the old bytes or the new bytes, never a mix.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to a temp file in the same directory (so the rename never crosses file systems),
 * fsyncs it, renames it over `path` (atomic on POSIX), then fsyncs the directory so the rename
 * itself survives a power cut. A process killed at any point leaves `path` untouched or complete;
 * at worst a `.<name>.*.tmp` file stays behind (swept by `sweepTempFiles`).
 * Throws the underlying fs error (the caller decides how loud to be).
 */
export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', mode);
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
  await fsyncDirectory(dir);
}

async function fsyncDirectory(dir: string): Promise<void> {
  // Some platforms (Windows, a few network file systems) refuse to open or fsync a directory;
  // the rename has still happened, so durability is best effort there.
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
