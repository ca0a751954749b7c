/**
 * A throwaway consumer project: the packed tarball installed as a user would (`npm install
 * <tarball> --omit=dev`), the install weight measured, and optional peers or tools linked in from the
 * repository's own node_modules when a check needs them (nothing downloaded twice).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs a command, returning its stdout; a non-zero exit throws with stdout and stderr attached. */
export function sh(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
}

/** Packs the repository (already built) into `dir` and returns the tarball's path. */
export function pack(dir: string): string {
  const out = sh('npm', ['pack', '--json', '--pack-destination', dir], REPO_ROOT);
  const [info] = JSON.parse(out) as { filename: string }[];
  if (!info) throw new Error(`npm pack printed no file: ${out}`);
  return join(dir, info.filename);
}

/** What a production install of the tarball weighs. */
export interface InstallWeight {
  /** Packages under node_modules, the SDK included. */
  packages: number;
  /** Bytes on disk under node_modules (file sizes, links not followed). */
  bytes: number;
}

/** Creates an ES-module project in `dir` and installs the tarball the way users do. */
export function installTarball(dir: string, tarball: string): InstallWeight {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' })}\n`);
  const flags = ['--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
  sh('npm', ['install', tarball, ...flags], dir);
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules/.package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  const packages = Object.keys(lock.packages).filter((key) => key.startsWith('node_modules/')).length;
  return { packages, bytes: sizeOnDisk(join(dir, 'node_modules')) };
}

function sizeOnDisk(path: string): number {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOnDisk(join(path, name)), 0);
}

/** Makes the repository's installed `name` (a peer or a tool) visible to the consumer project. */
export function linkFromRepo(dir: string, name: string): void {
  const target = join(REPO_ROOT, 'node_modules', name);
  const link = join(dir, 'node_modules', name);
  if (!existsSync(target)) throw new Error(`${name} is not installed in the repository (run npm install)`);
  if (existsSync(link)) return;
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, 'dir');
}

/** True when `name` can be resolved from the consumer project. */
export function isInstalled(dir: string, name: string): boolean {
  return existsSync(join(dir, 'node_modules', name, 'package.json'));
}

/** Formats bytes as MB with one decimal. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
