// Replacing a file so that a crash at any instant leaves either the old or the new content.
import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` atomically: a temporary file in the same directory (same filesystem, so
 * `rename` is atomic), `fsync` of its content, `rename` over the target, then `fsync` of the
 * directory so the rename itself survives a power cut. The old file's permissions are kept.
 * On failure the temporary file is removed and the target is untouched.
 *
 * @throws the underlying filesystem error (ENOSPC, EACCES, ...), after cleaning up
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let mode = 0o644;
  try {
    mode = (await stat(path)).mode & 0o7777;
  } catch {
    // A new file: default permissions.
  }
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dir);
}

/** fsync a directory (makes a rename or a new entry durable). Some platforms refuse: ignored. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open directories; there rename durability is the filesystem's business.
  } finally {
    await handle?.close();
  }
}
