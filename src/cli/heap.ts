/**
 * The heap growth `qbo-it` and `npm run demo` run with (see `limitHeapGrowth`): 1.6× the live heap
 * unless `QBO_IT_HEAP_GROWING_PERCENT` says otherwise (`0` leaves V8's own growth) or Node was started
 * with its own heap option.
 */
import { type HeapGrowth, limitHeapGrowth } from '../core/heap-growth.js';
import { CliUsageError } from './exit-codes.js';

/** The environment variable an operator sets the growth with. */
const HEAP_GROWTH_ENV = 'QBO_IT_HEAP_GROWING_PERCENT';

/**
 * Applies the heap growth the environment asks for, at the command's startup.
 * @returns what was done, or `undefined` when `QBO_IT_HEAP_GROWING_PERCENT=0`
 * @throws CliUsageError when the variable is not a whole number from 0 to 300
 */
export function applyHeapGrowth(env: Readonly<Record<string, string | undefined>>): HeapGrowth | undefined {
  const raw = env[HEAP_GROWTH_ENV]?.trim() ?? '';
  if (raw === '') return limitHeapGrowth({ nodeOptions: env.NODE_OPTIONS });
  const percent = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(percent >= 0 && percent <= 300)) {
    throw new CliUsageError(
      `${HEAP_GROWTH_ENV}=${raw.slice(0, 20)}: expected a whole number from 0 to 300 (60 lets the heap grow to 1.6× what it holds; 0 leaves V8's own growth).`,
    );
  }
  return percent === 0 ? undefined : limitHeapGrowth({ percent, nodeOptions: env.NODE_OPTIONS });
}
