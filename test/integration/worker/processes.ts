/**
 * Worker OS processes for the tests: the child runner bundled once with esbuild (pg, pg-boss and
 * better-sqlite3 stay external, resolved from node_modules), each process started, stopped with
 * SIGTERM or killed with SIGKILL.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { WorkerChildConfig } from './worker-child.js';

const root = join(import.meta.dirname, '../../..');

/** A running worker process. */
export interface WorkerProcess {
  id: string;
  child: ChildProcess;
  /** Resolves with the exit code or signal name. */
  exited: Promise<string>;
  stderr(): string;
}

/** The bundled worker runner. */
export class WorkerProgram {
  private constructor(private readonly dir: string) {}

  static async bundle(): Promise<WorkerProgram> {
    // Inside the package so the bundle resolves the external modules from node_modules.
    const dir = mkdtempSync(join(root, 'node_modules', '.cache-worker-'));
    const externals = ['better-sqlite3', 'pg', 'pg-boss', 'pg-native'].map((m) => `--external:${m}`);
    await promisify(execFile)(
      'npx',
      [
        'esbuild',
        join(import.meta.dirname, 'worker-child.ts'),
        '--bundle',
        '--platform=node',
        '--format=esm',
        ...externals,
        `--outfile=${join(dir, 'worker.mjs')}`,
        '--banner:js=import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
      ],
      { cwd: root },
    );
    return new WorkerProgram(dir);
  }

  /** Starts a worker and resolves once it pulls jobs. */
  async start(config: WorkerChildConfig): Promise<WorkerProcess> {
    const child = spawn(process.execPath, [join(this.dir, 'worker.mjs'), JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(signal ?? String(code)));
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve();
      });
      void exited.then((how) => reject(new Error(`worker ${config.id} exited (${how}) before ready: ${err}`)));
    });
    return { id: config.id, child, exited, stderr: () => err };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
