/**
 * The consumers' suite: packs the built package, installs the tarball into a throwaway project and
 * uses it the ways integrators do — ESM `import` and CommonJS `require` of every entry point doing a
 * real sync through the HTTP emulators, `/testing` without msw, `/testing/msw` with it, TypeScript
 * under node16/nodenext/bundler with `skipLibCheck` off, every docs sample, attw and publint — and
 * prints the install weight. Run after `npm run build`: `npm run test:consumers`. Exits 1 on any
 * failure, after running every check.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installTarball, isInstalled, linkFromRepo, megabytes, pack, REPO_ROOT, sh } from './project.js';
import { checkDocSamples, checkSamples, RESOLUTIONS, type Resolution } from './typecheck.js';

const FIXTURES = join(REPO_ROOT, 'test/consumers/fixtures');
const failures: string[] = [];

function step(name: string, check: () => string): void {
  const started = Date.now();
  try {
    const detail = check();
    console.log(
      `ok   ${name} (${Date.now() - started} ms)${detail ? `\n     ${detail.trim().replace(/\n/g, '\n     ')}` : ''}`,
    );
  } catch (error) {
    failures.push(name);
    console.log(`FAIL ${name} (${Date.now() - started} ms)\n${error instanceof Error ? error.message : String(error)}`);
  }
}

function expectClean(problems: readonly string[], what: string): string {
  if (problems.length > 0)
    throw new Error(`${problems.length} problem(s) in ${what}:\n${problems.slice(0, 40).join('\n')}`);
  return '';
}

/** Packs and installs; returns the tarball and the project, or undefined when either failed. */
function packAndInstall(work: string): { tarball: string; project: string } | undefined {
  let tarball = '';
  step('npm pack', () => {
    if (!existsSync(join(REPO_ROOT, 'dist/index.cjs'))) throw new Error('dist/ is missing: run `npm run build` first');
    tarball = pack(work);
    return tarball;
  });
  if (!tarball) return undefined;
  const project = join(work, 'consumer');
  let installed = false;
  step('production install of the tarball (npm install <tarball> --omit=dev)', () => {
    const weight = installTarball(project, tarball);
    installed = true;
    return `install weight: ${weight.packages} packages, ${megabytes(weight.bytes)} on disk`;
  });
  if (!installed) return undefined;
  for (const file of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, file), join(project, file));
  return { tarball, project };
}

/** Runs the package as code: both module systems, every entry point, the command, then msw. */
function runtimeChecks(project: string): void {
  // Optional peers and tools come from the repository's install; msw stays out until its own check.
  for (const name of ['better-sqlite3', '@types/node']) linkFromRepo(project, name);
  step('ESM import of ., /testing (msw absent), /sqlite: a sync through the emulators', () => {
    if (isInstalled(project, 'msw')) throw new Error('msw is installed: /testing would not be checked without it');
    return sh('node', ['esm.mjs'], project);
  });
  step('CommonJS require of ., /testing (msw absent), /sqlite: a sync through the emulators', () =>
    sh('node', ['cjs.cjs'], project),
  );
  for (const [system, file] of [
    ['ESM import', 'worker-esm.mjs'],
    ['CommonJS require', 'worker-cjs.cjs'],
  ]) {
    step(`${system} of /worker without pg and pg-boss: a ConfigurationError naming the install`, () =>
      sh('node', [file ?? ''], project),
    );
  }
  postgresWithoutPg(project);
  for (const name of ['pg', 'pg-boss', '@types/pg']) linkFromRepo(project, name);
  for (const [system, file] of [
    ['ESM import', 'worker-esm.mjs'],
    ['CommonJS require', 'worker-cjs.cjs'],
  ]) {
    step(`${system} of /worker with pg and pg-boss`, () => sh('node', [file ?? '', 'with-peers'], project));
  }
  step('the qbo-it command runs from a production install (commander and cli-progress bundled)', () => {
    const help = sh(join(project, 'node_modules/.bin/qbo-it'), ['--help'], project);
    if (!/Usage: qbo-it/.test(help)) throw new Error(`unexpected help text:\n${help}`);
    return help.split('\n')[0] ?? '';
  });
  step('ESM import and CommonJS require of /dashboard: pages and a run from its API, hono bundled', () =>
    [sh('node', ['dashboard-esm.mjs'], project), sh('node', ['dashboard-cjs.cjs'], project)].join(''),
  );
  // Hosts of the dashboard have their own hono (the docs' Hono and Express samples import it); hosts
  // that trace have their own OpenTelemetry SDK (docs/observability.md).
  const hostPackages = ['msw', 'intuit-oauth', 'vitest', '@types/better-sqlite3', 'hono', '@hono/node-server'];
  const otelSdk = ['@opentelemetry/sdk-trace-base', '@opentelemetry/sdk-metrics', '@opentelemetry/context-async-hooks'];
  for (const name of [...hostPackages, ...otelSdk]) linkFromRepo(project, name);
  step('ESM import of /testing/msw: a sync through the msw handlers', () => sh('node', ['msw-esm.mjs'], project));
  step('CommonJS require of /testing/msw: a sync through the msw handlers', () => sh('node', ['msw-cjs.cjs'], project));
}

const POSTGRES_FILES = { esm: 'postgres-esm.mjs', cjs: 'postgres-cjs.cjs' };

/** `/postgres` without pg (checked before the /worker checks install it) names the missing peer. */
function postgresWithoutPg(project: string): void {
  for (const [mode, file] of Object.entries(POSTGRES_FILES)) {
    step(`${mode}: /postgres without pg installed names the missing peer`, () => sh('node', [file, 'absent'], project));
  }
}

/**
 * `/postgres` with pg (and @types/pg for the type checks) and the server at DATABASE_URL: a sync into
 * Postgres. Without DATABASE_URL the sync is skipped loudly, except in CI, where that fails.
 */
function postgresChecks(project: string): void {
  const files = POSTGRES_FILES;
  for (const name of ['pg', '@types/pg']) linkFromRepo(project, name);
  if (!process.env.DATABASE_URL) {
    if (process.env.CI) failures.push('/postgres sync: DATABASE_URL is not set in CI');
    console.log(
      'SKIP /postgres sync into Postgres: DATABASE_URL is not set (scripts/postgres-cluster.sh starts a server)',
    );
    return;
  }
  for (const [mode, file] of Object.entries(files)) {
    step(`${mode}: /postgres: a sync through the emulators, state in Postgres`, () => sh('node', [file], project));
  }
}

/** Compiles TypeScript consumers and the docs samples, then runs attw and publint. */
function typeChecks(work: string, tarball: string, project: string): void {
  for (const resolution of Object.keys(RESOLUTIONS) as Resolution[]) {
    step(`TypeScript consumer, moduleResolution ${resolution}, skipLibCheck false`, () =>
      expectClean(
        checkSamples(project, [join(FIXTURES, 'types-sample.ts'), join(FIXTURES, 'types-dashboard.ts')], resolution),
        resolution,
      ),
    );
  }
  step('every TypeScript sample of the shipped README and docs, and a /testing/msw consumer', () => {
    const { count, problems } = checkDocSamples(project, [join(FIXTURES, 'types-msw.ts')]);
    if (count === 0) throw new Error('no TypeScript sample found in the shipped docs');
    return expectClean(problems, 'the docs samples') || `${count} samples compiled`;
  });
  const bin = (name: string): string => join(REPO_ROOT, 'node_modules/.bin', name);
  step('@arethetypeswrong/cli', () => sh(bin('attw'), [tarball, '--format', 'ascii'], work));
  step('publint --strict', () =>
    sh(bin('publint'), ['--strict', join(project, 'node_modules/qbo-intellitrack-sync')], work),
  );
}

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'qbo-it-consumers-'));
try {
  const installed = packAndInstall(work);
  if (installed) {
    runtimeChecks(installed.project);
    postgresChecks(installed.project);
    typeChecks(work, installed.tarball, installed.project);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures.length > 0) {
  console.log(`\n${failures.length} consumer check(s) failed in ${seconds} s: ${failures.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log(`\nevery consumer check passed in ${seconds} s`);
}
