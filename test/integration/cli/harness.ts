import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type IntelliTrackEmulator,
  type QboEmulator,
  startIntelliTrackEmulator,
  startQboEmulator,
} from '../../../src/testing/index.js';

/** The repository's root. */
export const ROOT = resolve(import.meta.dirname, '../../..');
// tsx's loader by absolute URL: children run in temporary directories where `tsx` does not resolve.
export const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** What a child process did. */
export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON lines (lines that are not JSON are skipped). */
  lines: Record<string, unknown>[];
}

/** Parses JSON lines, skipping anything else. */
export function jsonLines(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut by a killed process
    }
  }
  return out;
}

/**
 * Starts a TypeScript entry point of this repository as a child process (through tsx), with
 * `nodeArgs` (e.g. `--trace-gc`) given to node before it.
 */
export function startTs(
  entry: string,
  args: readonly string[],
  options: { env: Record<string, string>; cwd: string; nodeArgs?: readonly string[] },
): { child: ReturnType<typeof spawn>; done: Promise<ChildResult> } {
  const node = ['--import', TSX_LOADER, ...(options.nodeArgs ?? [])];
  const child = spawn(process.execPath, [...node, join(ROOT, entry), ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const done = new Promise<ChildResult>((resolveDone, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolveDone({ code, stdout, stderr, lines: jsonLines(stdout) }));
  });
  return { child, done };
}

/** Both emulators, a working directory with a configuration file, and the secrets to run `qbo-it`. */
export interface CliWorld {
  qboEmu: QboEmulator;
  itEmu: IntelliTrackEmulator;
  dir: string;
  configFile: string;
  tokenFile: string;
  env: Record<string, string>;
  /** The configuration written to `configFile`. */
  config: Record<string, unknown>;
  /** Runs `qbo-it` with `args` and waits for it to exit. */
  cli(args: readonly string[], env?: Record<string, string>): Promise<ChildResult>;
  /** Starts `qbo-it` with `args` (and `env`, default the secrets) without waiting. */
  spawnCli(args: readonly string[], env?: Record<string, string>): ReturnType<typeof startTs>;
  close(): Promise<void>;
}

/**
 * Starts both emulators with a small company, and writes a configuration and a token file whose
 * access token is expired, so the first call refreshes through intuit-oauth at the emulator.
 */
export async function startCliWorld(): Promise<CliWorld> {
  const qboEmu = await startQboEmulator({ seed: 11 });
  const itEmu = await startIntelliTrackEmulator({ seed: 11 });
  qboEmu.data.seedCompany({ items: 24, vendors: 3, customers: 4, purchaseOrders: 3, estimates: 4 });
  const dir = await mkdtemp(join(tmpdir(), 'qbo-it-cli-'));
  const tokenFile = join(dir, 'tokens.json');
  await writeFile(
    tokenFile,
    JSON.stringify({ accessToken: 'expired', refreshToken: qboEmu.oauth.refreshToken, accessTokenExpiresAt: 0 }),
  );
  const accounts = qboEmu.core.realms.get(qboEmu.realmId)?.info.accounts;
  const config = {
    qbo: {
      realmId: qboEmu.realmId,
      environment: 'sandbox',
      baseUrl: qboEmu.baseUrl,
      tokenFile: 'tokens.json',
      oauthEndpoints: {
        authorize: qboEmu.oauth.authorizeEndpoint,
        token: qboEmu.oauth.tokenEndpoint,
        revoke: qboEmu.oauth.revokeEndpoint,
      },
    },
    intellitrack: { baseUrl: itEmu.baseUrl },
    settings: { division: itEmu.divisionId, adjustmentAccountId: accounts?.shrinkage },
    state: { path: 'state/qbo-it.sqlite' },
    timeoutMs: 5000,
  };
  const configFile = join(dir, 'qbo-it.config.json');
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const env = {
    QBO_CLIENT_ID: qboEmu.oauth.clientId,
    QBO_CLIENT_SECRET: qboEmu.oauth.clientSecret,
    INTELLITRACK_API_KEY: itEmu.apiKey,
  };
  return {
    qboEmu,
    itEmu,
    dir,
    configFile,
    tokenFile,
    env,
    config,
    cli: (args, extra = env) => startTs('src/cli/index.ts', args, { env: extra, cwd: dir }).done,
    spawnCli: (args, extra = env) => startTs('src/cli/index.ts', args, { env: extra, cwd: dir }),
    async close() {
      await Promise.all([qboEmu.close(), itEmu.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the first JSON line of `type` the child prints on stdout. */
export function waitForLine(child: ReturnType<typeof spawn>, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolveLine, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      const found = jsonLines(buffer).find((l) => l.type === type);
      if (found) {
        child.stdout?.off('data', onData);
        resolveLine(found);
      }
    };
    child.stdout?.on('data', onData);
    child.once('close', () => reject(new Error(`the process exited before printing a "${type}" line`)));
  });
}

/** The line of `type` (the last one when several). */
export function lineOf(result: ChildResult, type: string): Record<string, unknown> | undefined {
  return result.lines.filter((l) => l.type === type).at(-1);
}
