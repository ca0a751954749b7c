import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { loadPgDriver } from '../../../src/postgres/index.js';

describe('loadPgDriver', () => {
  it('names the optional peer pg when it is not installed', async () => {
    const missing = Object.assign(new Error("Cannot find package 'pg'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error = await loadPgDriver(() => Promise.reject(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/optional peer dependency pg 8.*npm install pg@8/);
  });

  it('refuses a module that is not node-postgres, and loads the installed one', async () => {
    await expect(loadPgDriver(() => Promise.resolve({ default: {} }))).rejects.toThrow(/exports no Pool/);
    const pg = await loadPgDriver();
    expect(typeof pg.Pool).toBe('function');
  });
});
