// An advisory lock file, so two `rollgate flags` edits of one file cannot interleave their
// read-modify-write (one edit would silently undo the other) or fork the audit chain.
import { open, readFile, unlink } from 'node:fs/promises';
import { InputError } from '../errors/input-error.js';

/** Options of `withFileLock`, with their defaults. */
export interface FileLockOptions {
  /** How long to wait for another holder, in milliseconds. Default 10000. */
  timeoutMs?: number;
  /** Pause between attempts, in milliseconds. Default 50. */
  retryMs?: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` while holding `lockPath` (created exclusively, holding `pid time`). A lock left by a
 * process that no longer exists (a crash) is taken over; a live holder is waited for, then the
 * call fails with InputError LOCKED naming the holder.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retryMs = options.retryMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = (await readFile(lockPath, 'utf8').catch(() => '')).trim();
      const pid = Number(holder.split(' ')[0]);
      if (Number.isInteger(pid) && pid > 0 && !alive(pid)) {
        await unlink(lockPath).catch(() => undefined); // stale: its owner died mid-edit
        continue;
      }
      if (Date.now() >= deadline) {
        throw new InputError('LOCKED', `${lockPath} is held by another edit (${holder || 'unknown holder'}); retry, or delete the lock file if no rollgate is running`);
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
  try {
    return await work();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
