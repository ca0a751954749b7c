/** Runs one after another: a Synchronizer's runs never overlap. */
export class RunQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #waiting = 0;

  /** Whether a run is in progress or waiting. */
  get busy(): boolean {
    return this.#waiting > 0;
  }

  /** Runs `fn` after every earlier one settled; its outcome is the caller's alone. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    this.#waiting += 1;
    const next = this.#tail.then(fn, fn).finally(() => {
      this.#waiting -= 1;
    });
    this.#tail = next.catch(() => undefined);
    return next;
  }
}
