import { describe, expect, it } from 'vitest';
import { ConfigurationError, SyncInProgressError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import { resolveLeaseOptions, withLease } from '../../../src/sync/state/lease-holder.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import type { StateStore } from '../../../src/sync/state/store.js';

describe('lease options', () => {
  it('defaults: a random owner per Synchronizer, a 60 s TTL, fail fast, 1 s between attempts', () => {
    const a = resolveLeaseOptions();
    const b = resolveLeaseOptions({});
    expect(a).toMatchObject({ ttlMs: 60_000, waitMs: 0, pollMs: 1000 });
    expect(a.owner).toMatch(/^sync-/);
    expect(a.owner).not.toBe(b.owner);
    expect(resolveLeaseOptions({ owner: 'cron', ttlMs: 5000, waitMs: 20_000, pollMs: 250 })).toEqual({
      owner: 'cron',
      ttlMs: 5000,
      waitMs: 20_000,
      pollMs: 250,
    });
  });

  it.each([
    [{ owner: ' ' }, /lease\.owner/],
    [{ ttlMs: 0 }, /lease\.ttlMs/],
    [{ ttlMs: 1.5 }, /lease\.ttlMs/],
    [{ pollMs: -1 }, /lease\.pollMs/],
    [{ waitMs: -1 }, /lease\.waitMs/],
    [{ waitMs: Number.NaN }, /lease\.waitMs/],
  ])('refuses %o with a ConfigurationError naming the option', (options, name) => {
    expect(() => resolveLeaseOptions(options)).toThrowError(ConfigurationError);
    expect(() => resolveLeaseOptions(options)).toThrowError(name);
  });

  it('SyncInProgressError names the lease, its holder and its expiry', () => {
    const error = new SyncInProgressError({ lease: 'realm:1', holder: 'cron', expiresAt: 0, waitedMs: 500 });
    expect(error.message).toBe(
      'Another sync holds realm:1 (owner cron, lease until 1970-01-01T00:00:00.000Z) after waiting 500 ms; nothing was written.',
    );
    expect(error.expiresAt.getTime()).toBe(0);
  });

  it('a store without leases (written for an earlier version) is a ConfigurationError, and nothing runs', async () => {
    const store = new MemoryStateStore();
    const old = new Proxy(store, { get: (t, p) => (p === 'leases' ? undefined : Reflect.get(t, p, t)) });
    let ran = false;
    const ctx = { store: old as StateStore, clock: { now: () => 0 }, logger: silentLogger, name: 'realm:1' };
    const run = withLease({ ...ctx, options: resolveLeaseOptions() }, async () => {
      ran = true;
    });
    await expect(run).rejects.toThrowError(ConfigurationError);
    await expect(run).rejects.toThrowError(/no `leases`/);
    expect(ran).toBe(false);
  });
});
