import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How a store begins, commits and rolls back. `depth` 0 is the outer transaction; a nested
 * `transaction` call gets depth 1, 2, … (a savepoint in SQL stores).
 */
export interface TransactionHooks {
  begin(depth: number): void | Promise<void>;
  commit(depth: number): void | Promise<void>;
  rollback(depth: number): void | Promise<void>;
}

interface Frame {
  open: boolean;
  depth: number;
  /** Serialises nested transactions started from inside this frame. */
  chain: Lock;
}

class Lock {
  #tail: Promise<void> = Promise.resolve();

  async hold<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release = (): void => {};
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * The lock behind `StateStore.transaction`, for stores whose writes share one connection or map.
 *
 * - A transaction holds the gate from begin to commit; a transaction or single operation from any
 *   other async context waits for it, so nothing interleaves with it or sees its uncommitted writes.
 * - Store calls made inside `fn` (same async context, tracked with `AsyncLocalStorage`) run at once.
 * - A `transaction` call inside `fn` nests: it commits into the outer one, or rolls back only its
 *   own writes when it throws.
 * - The context is tracked only while a transaction is open: an enabled `AsyncLocalStorage` makes
 *   Node track every promise the process creates (the host's HTTP calls included), so the gate
 *   disables it whenever no transaction of its own is open. Nothing is lost: outside every
 *   transaction each caller is outside, which is what an empty context says.
 *
 * @example
 * ```ts
 * const gate = new TransactionGate();
 * const value = await gate.transaction(hooks, async () => {
 *   await gate.run(() => writeSomething());
 *   return 42;
 * });
 * ```
 */
export class TransactionGate {
  readonly #context = new AsyncLocalStorage<Frame>();
  readonly #lock = new Lock();
  /** Transactions (outer and nested) whose body may still be running. */
  #open = 0;

  /** True when the caller runs inside one of this gate's open transactions. */
  get inTransaction(): boolean {
    return this.#context.getStore()?.open === true;
  }

  /** Runs one store operation: at once inside an open transaction, else when no other one is open. */
  run<T>(operation: () => T | Promise<T>): Promise<T> {
    if (this.inTransaction) return Promise.resolve().then(operation);
    return this.#lock.hold(async () => operation());
  }

  /**
   * Runs `fn` as one transaction through `hooks`.
   * @throws whatever `fn` or a hook throws, after rolling back.
   */
  transaction<T>(hooks: TransactionHooks, fn: () => Promise<T>): Promise<T> {
    const parent = this.#context.getStore();
    if (parent?.open) return parent.chain.hold(() => this.#execute(hooks, fn, parent.depth + 1));
    return this.#lock.hold(() => this.#execute(hooks, fn, 0));
  }

  async #execute<T>(hooks: TransactionHooks, fn: () => Promise<T>, depth: number): Promise<T> {
    const frame: Frame = { open: true, depth, chain: new Lock() };
    await hooks.begin(depth);
    this.#open += 1;
    try {
      const value = await this.#context.run(frame, fn);
      // Later calls from work that `fn` left running must not slip into this transaction.
      frame.open = false;
      await hooks.commit(depth);
      return value;
    } catch (error) {
      frame.open = false;
      await hooks.rollback(depth);
      throw error;
    } finally {
      frame.open = false;
      this.#open -= 1;
      // Every frame is closed: stop tracking contexts (the next `run` enables it again).
      if (this.#open === 0) this.#context.disable();
    }
  }
}
