import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliUsageError, ExitCode, exitCodeForError } from '../../../src/cli/exit-codes.js';
import { openStateStore } from '../../../src/cli/runtime.js';
import { failure } from '../../support/outcomes.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qbo-it-state-path-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the state path setting', () => {
  it('a directory is a configuration problem (exit 2) naming the path and the setting', async () => {
    const error = await failure(() => openStateStore(dir));
    expect(error).toBeInstanceOf(CliUsageError);
    expect(exitCodeForError(error)).toBe(ExitCode.usage);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain('state.path');
  });

  it('a path below a file (its folder cannot be made) is a configuration problem too', async () => {
    await writeFile(join(dir, 'file'), 'x');
    const error = await failure(() => openStateStore(join(dir, 'file', 'state.sqlite')));
    expect(error).toBeInstanceOf(CliUsageError);
    expect(exitCodeForError(error)).toBe(ExitCode.usage);
    expect((error as Error).message).toContain('state.path');
  });

  it('a file path in a folder still to be made opens a store', async () => {
    await mkdir(join(dir, 'a'));
    const store = await openStateStore(join(dir, 'a', 'b', 'state.sqlite'));
    await store.close();
  });
});
