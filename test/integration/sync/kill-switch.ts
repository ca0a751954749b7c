/** The write calls a kill switch counts: every method of the two ports that changes something. */
const WRITES = new Set([
  'create',
  'update',
  'delete',
  'batch',
  'loadInventory',
  'receive',
  'pick',
  'closeOrder',
  'markAdjustmentExported',
  'bulk',
]);

/** Counts answered write calls across every port wrapped with the same switch. */
export interface KillSwitch {
  /** Write calls answered so far. */
  readonly writes: number;
  /** `target` with its write methods counted; the process SIGKILLs itself after the `limit`-th answer. */
  wrap<T extends object>(target: T): T;
}

/**
 * A kill switch: SIGKILL right after the `limit`-th write call got its answer (before the engine
 * could settle it) — the worst moment for duplicates. `limit` 0 never kills.
 */
export function killSwitch(limit: number): KillSwitch {
  let writes = 0;
  return {
    get writes() {
      return writes;
    },
    wrap<T extends object>(target: T): T {
      return new Proxy(target, {
        get(obj, prop, receiver) {
          const value = Reflect.get(obj, prop, receiver);
          if (typeof value !== 'function') return value;
          const bound = (value as (...a: unknown[]) => unknown).bind(obj);
          if (typeof prop !== 'string' || !WRITES.has(prop)) return bound;
          return async (...args: unknown[]) => {
            const result = await bound(...args);
            writes += 1;
            if (limit > 0 && writes >= limit) process.kill(process.pid, 'SIGKILL');
            return result;
          };
        },
      });
    },
  };
}
