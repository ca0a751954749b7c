import { describe, expect, it } from 'vitest';
import { sleep, throwIfAborted } from '../../../src/core/abort.js';
import { AbortError, isQboItSyncError, MappingError } from '../../../src/core/errors.js';

describe('sleep', () => {
  it('resolves after the delay', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });

  it('rejects with AbortError as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error('stop'));
  });

  it('rejects at once for an already aborted signal', async () => {
    await expect(sleep(60_000, AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
    expect(() => throwIfAborted(AbortSignal.abort())).toThrow(AbortError);
  });
});

describe('errors', () => {
  it('MappingError names entity, source id and field path', () => {
    const error = new MappingError({ entity: 'Customer', sourceId: '58', path: 'BillAddr.PostalCode', message: 'bad' });
    expect(error.message).toBe('Customer 58, field BillAddr.PostalCode: bad');
    expect(isQboItSyncError(error)).toBe(true);
    expect(isQboItSyncError(new Error('x'))).toBe(false);
  });
});
