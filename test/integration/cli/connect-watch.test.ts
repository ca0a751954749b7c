import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, startCliWorld, waitForLine } from './harness.js';

let w: CliWorld;

beforeAll(async () => {
  w = await startCliWorld();
});

afterAll(async () => {
  await w?.close();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('qbo-it connect and watch', () => {
  it('connect prints the consent URL, takes the redirect on the loopback port and stores the tokens', async () => {
    const port = await freePort();
    const tokenFile = join(w.dir, 'connected', 'tokens.json');
    const { realmId: _realm, ...qbo } = w.config.qbo as Record<string, unknown>;
    const config = join(w.dir, 'connect.json');
    await writeFile(
      config,
      JSON.stringify({ ...w.config, qbo: { ...qbo, tokenFile, redirectUri: `http://127.0.0.1:${port}/callback` } }),
    );
    const { child, done } = w.spawnCli(['--config', config, 'connect', '--timeout', '20']);
    const authorize = await waitForLine(child, 'authorize');
    const url = new URL(String(authorize.url));
    expect(url.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/callback`);
    // The emulator's consent page approves at once and redirects to the CLI's loopback listener.
    const browser = await fetch(url);
    expect(browser.status).toBe(200);
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    const stored = JSON.parse(await readFile(tokenFile, 'utf8')) as { realmId: string; refreshToken: string };
    expect(stored.realmId).toBe(w.qboEmu.realmId);
    expect(result.stdout).not.toContain(stored.refreshToken);

    // Without qbo.realmId in the file, the company comes from the stored tokens.
    const preflight = await w.cli(['--config', config, 'preflight']);
    expect(preflight.code, preflight.stderr).toBe(0);
  });

  it('watch syncs at once, then stops cleanly with exit 0 on SIGINT', async () => {
    const { child, done } = w.spawnCli(['watch', '--interval', '10']);
    const report = await waitForLine(child, 'report');
    expect((report.report as { status: string }).status).toBe('completed');
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.lines.some((l) => l.type === 'stopped')).toBe(true);
    expect(result.lines.filter((l) => l.type === 'report')).toHaveLength(1);
  });
});
