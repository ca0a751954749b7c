/**
 * `limitHeapGrowth` and the `qbo-it` startup that calls it, seen from V8 itself: under
 * `--trace-gc-verbose` every full collection prints the growth factor of the next heap limit
 * (`[HeapController] Limit: old size: …, new limit: … (1.5)`), per isolate. V8's own factor is never
 * under 1.1, so a growth of 4% (printed `(1.0)`) can only come from the limit.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildResult, type CliWorld, ROOT, startCliWorld, startTs, TSX_LOADER } from './harness.js';

/** How many full collections of each isolate set the next limit at `factor` (printed as `(1.5)`). */
function collectionsAt(trace: string, factor: string): number[] {
  const byIsolate = new Map<string, number>();
  for (const match of trace.matchAll(/^\[(\d+:0x[0-9a-f]+)\][^\n]*\[HeapController\] Limit: [^\n]*\((\d+\.\d)\)$/gm)) {
    const [, isolate = '', printed] = match;
    byIsolate.set(isolate, (byIsolate.get(isolate) ?? 0) + (printed === factor ? 1 : 0));
  }
  return [...byIsolate.values()];
}

/** The most full collections any one isolate ran at `factor`. */
const mostAt = (trace: string, factor: string): number => Math.max(0, ...collectionsAt(trace, factor));

describe('limitHeapGrowth', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qbo-it-heap-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A process that (when `percent` is given) limits its heap growth, then runs five full collections. */
  async function collect(percent: number | undefined): Promise<{ growth: unknown; trace: string }> {
    const script = join(dir, `collect-${percent ?? 'none'}.mts`);
    const module = pathToFileURL(join(ROOT, 'src/index.ts')).href;
    await writeFile(
      script,
      [
        `const { limitHeapGrowth } = await import(${JSON.stringify(module)});`,
        // A process started without heap options, whatever the test runner was started with.
        `const growth = ${percent === undefined ? 'null' : `limitHeapGrowth({ percent: ${percent}, execArgv: [], nodeOptions: '' })`};`,
        'const kept = [];',
        'for (let round = 0; round < 5; round += 1) {',
        '  for (let i = 0; i < 20000; i += 1) kept.push({ round, i, text: "record " + i });',
        '  kept.splice(0, 10000);',
        '  globalThis.gc();',
        '}',
        'console.log(JSON.stringify({ growth }));',
      ].join('\n'),
    );
    const child = spawn(process.execPath, ['--import', TSX_LOADER, '--expose-gc', '--trace-gc-verbose', script], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((done) => child.once('close', done));
    expect(code).toBe(0);
    const result = /^\{"growth":.*$/m.exec(stdout)?.[0];
    return { growth: JSON.parse(result ?? '{}').growth, trace: stdout };
  }

  it('fixes the factor V8 grows the heap by after each full collection', async () => {
    const limited = await collect(4);
    expect(limited.growth).toEqual({ applied: true, percent: 4 });
    expect(mostAt(limited.trace, '1.0')).toBeGreaterThanOrEqual(5);
    const own = await collect(undefined);
    expect(collectionsAt(own.trace, '1.0').length).toBeGreaterThan(0);
    expect(mostAt(own.trace, '1.0')).toBe(0);
  }, 60_000);
});

describe('qbo-it heap growth', () => {
  let world: CliWorld;
  beforeAll(async () => {
    world = await startCliWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  /** `qbo-it sync` with every young collection made a full one, so collections follow the startup. */
  const traced = (env: Record<string, string>): Promise<ChildResult> =>
    startTs('src/cli/index.ts', ['sync', '--json'], {
      env: { ...world.env, ...env },
      cwd: world.dir,
      nodeArgs: ['--trace-gc-verbose', '--gc-global'],
    }).done;

  it('starts with the growth QBO_IT_HEAP_GROWING_PERCENT sets, and 0 leaves V8 its own', async () => {
    const limited = await traced({ QBO_IT_HEAP_GROWING_PERCENT: '4' });
    expect(limited.code).toBe(0);
    expect(mostAt(limited.stdout, '1.0')).toBeGreaterThan(0);
    const own = await traced({ QBO_IT_HEAP_GROWING_PERCENT: '0' });
    expect(own.code).toBe(0);
    expect(collectionsAt(own.stdout, '1.0').length).toBeGreaterThan(0);
    expect(mostAt(own.stdout, '1.0')).toBe(0);
  }, 120_000);

  it.each(['abc', '301', '-1', '1.5'])(
    'refuses QBO_IT_HEAP_GROWING_PERCENT=%s with exit code 2',
    async (value) => {
      const result = await world.cli(['status'], { ...world.env, QBO_IT_HEAP_GROWING_PERCENT: value });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`QBO_IT_HEAP_GROWING_PERCENT=${value}: expected a whole number from 0 to 300`);
    },
    30_000,
  );
});
