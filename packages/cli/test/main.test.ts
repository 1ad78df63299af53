import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { commands } from '../src/commands/index.js';
import { memoryIo } from './support/memory-io.js';
import { cliRoot } from './support/paths.js';

describe('rollgate dispatcher', () => {
  it('--help lists every registered command and exits 0', async () => {
    const io = memoryIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const command of commands) expect(io.out()).toContain(command.name);
    expect(io.out()).toContain('Usage: rollgate <command>');
  });

  it('no arguments is a usage error: help on stderr, exit 2, nothing on stdout', async () => {
    const io = memoryIo();
    expect(await main([], io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toContain('Usage: rollgate <command>');
  });

  it('a single-value option given twice is a usage error, not the last one silently', async () => {
    const io = memoryIo();
    expect(await main(['flags', 'show', '--flags', 'a.json', '--flag', 'a', '--flag', 'b'], io)).toBe(2);
    expect(io.err()).toContain('--flag is given twice; it takes one value');
    // options that take several values still do
    const multi = memoryIo();
    await main(['analyze', '--events', 'missing.jsonl', '--flag', 'f', '--metric', 'a', '--metric', 'b'], multi);
    expect(multi.err()).not.toContain('given twice');
  });

  it('--version prints the package version', async () => {
    const io = memoryIo();
    expect(await main(['--version'], io)).toBe(0);
    const pkg = JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8')) as { version: string };
    expect(io.out().trim()).toBe(pkg.version);
  });

  it('an unknown command exits 2 and names it', async () => {
    const io = memoryIo();
    expect(await main(['evaluate-everything'], io)).toBe(2);
    expect(io.err()).toContain('unknown command "evaluate-everything"');
  });

  it('every registered command has --help with an example', async () => {
    for (const command of commands) {
      const io = memoryIo();
      expect(await main([command.name, '--help'], io), command.name).toBe(0);
      expect(io.out(), command.name).toMatch(/Example/);
    }
  });
});
