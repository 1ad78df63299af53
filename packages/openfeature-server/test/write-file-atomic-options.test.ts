// The options of the one writeFileAtomic (used by the provider's cache and the CLI's flag edits):
// permissions of a new or rewritten file, and what happens to a missing directory.
import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@rollgate/openfeature-server/write-file-atomic';
import { beforeAll, describe, expect, it } from 'vitest';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rollgate-wfa-'));
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('writeFileAtomic options', () => {
  it('by default a new file is private (0o600) and a missing directory is created', async () => {
    const path = join(dir, 'cache', 'deep', 'doc.json');
    await writeFileAtomic(path, 'one');
    expect(await readFile(path, 'utf8')).toBe('one');
    expect(await modeOf(path)).toBe(0o600);
  });

  it('keepMode: a rewrite keeps the old file\'s permissions instead of `mode`', async () => {
    const path = join(dir, 'kept.json');
    await writeFile(path, 'old');
    await chmod(path, 0o640);
    await writeFileAtomic(path, 'new', { mode: 0o600, keepMode: true });
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await modeOf(path)).toBe(0o640);
  });

  it('keepMode on a new file falls back to `mode`', async () => {
    const path = join(dir, 'fresh.json');
    await writeFileAtomic(path, 'x', { mode: 0o600, keepMode: true });
    expect(await modeOf(path)).toBe(0o600);
  });

  it('mkdir: false fails with ENOENT on a missing directory and leaves nothing behind', async () => {
    const missing = join(dir, 'typo');
    await expect(writeFileAtomic(join(missing, 'flags.json'), 'x', { mkdir: false })).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readdir(dir)).includes('typo')).toBe(false);
  });
});
