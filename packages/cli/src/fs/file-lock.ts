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

/** The pid a lock file's text (`pid time`) names, when that process no longer exists. */
function deadHolder(holder: string): number | undefined {
  const pid = Number(holder.split(' ')[0]);
  return Number.isInteger(pid) && pid > 0 && !alive(pid) ? pid : undefined;
}

async function createExclusive(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

const readHolder = async (path: string): Promise<string> => (await readFile(path, 'utf8').catch(() => '')).trim();

/**
 * Removes the stale lock whose text was `holder`, if it is still that lock. Several waiters can
 * find the same stale lock; deleting by name after a plain check would let a slow one delete the
 * fresh lock a faster one has just created (both would then edit). So the removal happens under a
 * second, briefly held lock (`LOCK.takeover`): only its holder may delete a stale lock, and it
 * re-reads the lock first, so the file it deletes is the dead holder's, not a new holder's.
 * Returns false when another waiter is taking over, or already has.
 */
async function removeStaleLock(lockPath: string, holder: string): Promise<boolean> {
  const takeover = `${lockPath}.takeover`;
  if (!(await createExclusive(takeover))) return false;
  try {
    const now = await readHolder(lockPath);
    if (now !== holder || deadHolder(now) === undefined) return false;
    await unlink(lockPath).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return true;
  } finally {
    await unlink(takeover).catch(() => undefined);
  }
}

/**
 * Runs `work` while holding `lockPath` (created exclusively, holding `pid time`). A lock left by a
 * process that no longer exists (a crash) is taken over, by one waiter at a time (see
 * `removeStaleLock`); a live holder is waited for, then the call fails with InputError LOCKED
 * naming the holder.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retryMs = options.retryMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  while (!(await createExclusive(lockPath))) {
    const holder = await readHolder(lockPath);
    if (deadHolder(holder) !== undefined && (await removeStaleLock(lockPath, holder))) continue; // its owner died mid-edit
    if (Date.now() >= deadline) {
      const takeover = `${lockPath}.takeover`;
      const stuck = deadHolder(holder) !== undefined && deadHolder(await readHolder(takeover)) !== undefined
        ? `; ${takeover} was left by a process that died while taking the stale lock over: delete both if no rollgate is running`
        : '';
      throw new InputError('LOCKED', `${lockPath} is held by another edit (${holder || 'unknown holder'}); retry, or delete the lock file if no rollgate is running${stuck}`);
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
  try {
    return await work();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
