// The edit lock's takeover of a stale lock when several waiters find it at once, with the race
// made deterministic: one waiter's read of the stale lock is delivered late (as when its process is
// descheduled between reading the lock and acting on it).
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { withFileLock } from '../../src/fs/file-lock.js';

const slow = vi.hoisted(() => ({
  lockPath: '',
  staleText: '',
  /** Resolved when the first waiter holds the lock; the slow waiter's stale read arrives then. */
  delivered: undefined as Promise<void> | undefined,
  reads: 0,
  als: undefined as { getStore(): unknown } | undefined,
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (path: unknown, ...rest: unknown[]) => {
    if (path === slow.lockPath && slow.als?.getStore() === 'slow') {
      slow.reads += 1;
      if (slow.reads === 1) {
        await slow.delivered;
        return slow.staleText;
      }
    }
    return (real.readFile as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
  }) as typeof real.readFile;
  return { ...real, default: { ...real, readFile }, readFile };
});

const until = async (ready: () => boolean): Promise<void> => {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe('withFileLock: taking over a lock left by a dead process', () => {
  it('a waiter that read the stale lock late does not delete the lock another waiter has just taken: one holder at a time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rollgate-lock-'));
    const dead = spawnSync(process.execPath, ['-e', '']).pid!; // a pid that has just exited
    slow.lockPath = join(dir, 'f.json.lock');
    slow.staleText = `${dead} 2026-01-01T00:00:00.000Z`;
    await writeFile(slow.lockPath, `${slow.staleText}\n`);
    const als = new AsyncLocalStorage<string>();
    slow.als = als;
    let firstInside!: () => void;
    slow.delivered = new Promise<void>((resolve) => { firstInside = resolve; });

    let inside = 0;
    let most = 0;
    let slowInside = false;
    const first = withFileLock(slow.lockPath, async () => {
      inside += 1;
      most = Math.max(most, inside);
      firstInside();
      // Hold the lock until the slow waiter has acted on its late read: it either got in (the
      // defect) or went back to waiting (it read the lock again).
      await until(() => slowInside || slow.reads >= 2);
      inside -= 1;
    }, { retryMs: 1 });
    const second = als.run('slow', () => withFileLock(slow.lockPath, async () => {
      slowInside = true;
      inside += 1;
      most = Math.max(most, inside);
      inside -= 1;
    }, { retryMs: 1 }));
    await Promise.all([first, second]);
    expect(most).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a takeover file left by a process that died mid-takeover is reported, not broken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rollgate-lock-'));
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const lock = join(dir, 'f.json.lock');
    await writeFile(lock, `${dead} 2026-01-01T00:00:00.000Z\n`);
    await writeFile(`${lock}.takeover`, `${dead} 2026-01-01T00:00:01.000Z\n`);
    await expect(withFileLock(lock, async () => 'ran', { timeoutMs: 50, retryMs: 5 })).rejects.toMatchObject({
      code: 'LOCKED',
      message: expect.stringContaining(`${lock}.takeover was left by a process that died while taking the stale lock over`),
    });
  });
});
