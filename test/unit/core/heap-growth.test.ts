import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowthFor } from '../../../src/core/heap-growth.js';

const GiB = 1024 ** 3;
/** A process started with no options, on a heap of `ceiling` bytes. */
const plain = (ceiling: number) => ({ execArgv: [], nodeOptions: '', heapSizeLimit: ceiling });

describe('heapGrowthFor', () => {
  it('limits the growth to 1.6× where V8 would allow 4× (a ceiling of 2 GiB or more)', () => {
    expect(DEFAULT_HEAP_GROWING_PERCENT).toBe(60);
    expect(heapGrowthFor(plain(4 * GiB + 48 * 2 ** 20))).toEqual({ applied: true, percent: 60 });
    expect(heapGrowthFor(plain(2 * GiB))).toEqual({ applied: true, percent: 60 });
  });

  it('leaves a smaller ceiling to V8, which grows it by 2× at most already', () => {
    expect(heapGrowthFor(plain(2 * GiB - 1))).toEqual({ applied: false, reason: 'small-ceiling' });
    expect(heapGrowthFor(plain(512 * 2 ** 20))).toEqual({ applied: false, reason: 'small-ceiling' });
  });

  it('applies an explicit percent whatever the ceiling', () => {
    expect(heapGrowthFor({ ...plain(512 * 2 ** 20), percent: 40 })).toEqual({ applied: true, percent: 40 });
    expect(heapGrowthFor({ ...plain(8 * GiB), percent: 300 })).toEqual({ applied: true, percent: 300 });
  });

  it.each([
    ['--max-old-space-size=1024'],
    ['--max_old_space_size=1024'],
    ['--max-heap-size=900'],
    ['--heap-growing-percent=20'],
  ])('keeps the process’s own heap option %s, given to node or in NODE_OPTIONS', (option) => {
    const ownArg = { ...plain(4 * GiB), execArgv: ['--enable-source-maps', option] };
    const ownEnv = { ...plain(4 * GiB), nodeOptions: `--enable-source-maps ${option}` };
    for (const options of [ownArg, ownEnv, { ...ownArg, percent: 50 }]) {
      expect(heapGrowthFor(options)).toEqual({ applied: false, reason: 'heap-options' });
    }
  });

  it('does not take other options for heap options', () => {
    const options = {
      ...plain(4 * GiB),
      execArgv: ['--max-semi-space-size=32', '--import', '/srv/max-old-space-size.mjs'],
      nodeOptions: '--stack-size=2000 --trace-max-old-space-sizes',
    };
    expect(heapGrowthFor(options)).toEqual({ applied: true, percent: 60 });
  });

  it.each([0, -5, 301, 1.5, Number.NaN])('refuses %s percent with a typed error naming it', (percent) => {
    const attempt = () => heapGrowthFor({ ...plain(4 * GiB), percent });
    expect(attempt).toThrow(InvalidArgumentError);
    expect(attempt).toThrow(/heap growing percent must be a whole number from 1 to 300/);
  });
});
