import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliWorld, startCliWorld, waitForLine } from '../cli/harness.js';

let w: CliWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('qbo-it dashboard', () => {
  it('serves on 127.0.0.1, prints the token link once, answers 401 without it, and stops on SIGINT', async () => {
    w = await startCliWorld();
    const state = join(w.dir, 'other-state.sqlite');
    const { child, done } = w.spawnCli(['dashboard', '--port', '0', '--state', state]);
    const line = await waitForLine(child, 'dashboard');
    const url = new URL(String(line.url));
    expect(url.hostname).toBe('127.0.0.1');
    const token = url.searchParams.get('token') ?? '';
    expect(token.length).toBeGreaterThanOrEqual(32);
    const origin = url.origin;

    expect((await fetch(`${origin}/`)).status).toBe(401);
    const login = await fetch(url, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const page = await fetch(`${origin}/`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('<h1>Synchronization</h1>');
    expect(body).not.toContain(token);
    const flows = await fetch(`${origin}/api/flows`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await flows.json()) as unknown[]).length).toBe(7);

    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    // The link is printed once, and the store opened is the one --state named.
    expect(result.stdout.split(token).length - 1).toBe(1);
    const { existsSync } = await import('node:fs');
    expect(existsSync(state)).toBe(true);
  });
});
