import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

describe('qbo-it output', () => {
  it('exits quietly when its reader goes away (qbo-it --help | head -1)', async () => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'src/cli/index.ts'), '--help'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    // Read nothing and close the pipe at once, as `head` does after its first line.
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.once('close', done));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
