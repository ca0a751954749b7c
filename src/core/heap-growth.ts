/**
 * How far V8 lets the JavaScript heap grow past what a full collection leaves alive. V8 sets the next
 * collection's threshold at the live heap times a growth factor it derives from how fast the program
 * allocates, and it caps that factor by the heap ceiling: 4 when the ceiling is 2 GiB or more (Node's
 * default on a machine or container with 8 GiB or more), less under it (about 1.6 at 1 GiB). A first
 * sync allocates quickly and keeps little, so with a large ceiling its heap settles near four times
 * what it holds. {@link limitHeapGrowth} fixes the factor instead, for the whole process: the
 * `qbo-it` command and `npm run demo` do it at startup, and a host may do it for itself (see
 * docs/scaling.md, "Memory").
 */
import * as v8 from 'node:v8';
import { InvalidArgumentError } from './errors.js';

/** The growth V8 itself allows under a 1 GiB ceiling: the heap may reach 1.6× its live size. */
export const DEFAULT_HEAP_GROWING_PERCENT = 60;

/** Node options that choose the heap's size or growth; a process started with one keeps its own choice. */
const HEAP_OPTIONS = /(?:^|\s)--(?:max[-_]old[-_]space[-_]size|max[-_]heap[-_]size|heap[-_]growing[-_]percent)\b/;

/** V8 caps the growth factor at 4 from this ceiling on (Node 20 on 64-bit; less below it). */
const LARGE_CEILING_BYTES = 2 * 1024 ** 3;

/** What {@link limitHeapGrowth} is told about the process; the defaults read the running one. */
export interface HeapGrowthOptions {
  /**
   * Growth past the live heap after a full collection, in percent (60 = 1.6×), a whole number from
   * 1 to 300. An explicit value is applied whatever the ceiling; without one, the default is applied
   * only where V8 would allow more (a ceiling of 2 GiB or more).
   * @default DEFAULT_HEAP_GROWING_PERCENT
   */
  percent?: number | undefined;
  /** The process's own Node options. @default process.execArgv */
  execArgv?: readonly string[] | undefined;
  /** The `NODE_OPTIONS` the process started with. @default process.env.NODE_OPTIONS */
  nodeOptions?: string | undefined;
  /** The heap ceiling in bytes. @default v8.getHeapStatistics().heap_size_limit */
  heapSizeLimit?: number | undefined;
}

/** What {@link limitHeapGrowth} did. */
export type HeapGrowth =
  | { applied: true; percent: number }
  | {
      applied: false;
      /**
       * `heap-options`: the process was started with its own heap size or growth option, which wins.
       * `small-ceiling`: the ceiling is under 2 GiB, where V8 already grows the heap by 2× at most.
       */
      reason: 'heap-options' | 'small-ceiling';
    };

/**
 * Decides what {@link limitHeapGrowth} would do, without doing it.
 * @throws InvalidArgumentError when `percent` is not a whole number from 1 to 300
 */
export function heapGrowthFor(options: HeapGrowthOptions = {}): HeapGrowth {
  const { percent } = options;
  if (percent !== undefined && !(Number.isInteger(percent) && percent >= 1 && percent <= 300)) {
    throw new InvalidArgumentError(
      `heap growing percent must be a whole number from 1 to 300; got ${String(percent)}.`,
    );
  }
  const own = [...(options.execArgv ?? process.execArgv), options.nodeOptions ?? process.env.NODE_OPTIONS ?? ''];
  if (own.some((option) => HEAP_OPTIONS.test(option))) return { applied: false, reason: 'heap-options' };
  if (percent !== undefined) return { applied: true, percent };
  const ceiling = options.heapSizeLimit ?? v8.getHeapStatistics().heap_size_limit;
  if (ceiling < LARGE_CEILING_BYTES) return { applied: false, reason: 'small-ceiling' };
  return { applied: true, percent: DEFAULT_HEAP_GROWING_PERCENT };
}

/**
 * Fixes V8's heap growth factor for this process at `1 + percent / 100` (V8's
 * `--heap-growing-percent`), unless the process was started with its own heap option. It changes the
 * whole process, so it belongs to the application's startup, not to a library: with it, a first sync
 * of 100k of every entity peaked at 193 MiB instead of 278 on a machine whose heap ceiling is 4 GiB
 * (bench/results.md). Calling it again with the same options changes nothing.
 * @throws InvalidArgumentError when `percent` is not a whole number from 1 to 300
 * @example
 * import { limitHeapGrowth } from 'qbo-intellitrack-sync';
 * limitHeapGrowth(); // { applied: true, percent: 60 } on a large heap
 */
export function limitHeapGrowth(options: HeapGrowthOptions = {}): HeapGrowth {
  const growth = heapGrowthFor(options);
  if (growth.applied) v8.setFlagsFromString(`--heap-growing-percent=${growth.percent}`);
  return growth;
}
