/**
 * The part of pg-boss 10 the worker uses, as a structural type: the worker's declarations do not
 * depend on pg-boss's, so a project that never imports `/worker` needs no pg-boss types, and a
 * pg-boss instance (`new PgBoss(...)`) fits as is.
 */

/** A job as pg-boss hands it to a handler. */
export interface BossJob<T> {
  id: string;
  name: string;
  data: T;
}

/** Options of a queue (pg-boss `createQueue`). */
export interface BossQueueOptions {
  name: string;
  policy: 'standard' | 'short' | 'singleton' | 'stately';
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
}

/** Options of one send. */
export interface BossSendOptions {
  singletonKey?: string;
  startAfter?: number;
}

/** A pg-boss 10 instance. */
export interface QueueBoss {
  start(): Promise<unknown>;
  stop(options?: { graceful?: boolean; wait?: boolean; timeout?: number }): Promise<void>;
  on(event: 'error', handler: (error: Error) => void): unknown;
  send(name: string, data: object, options: BossSendOptions): Promise<string | null>;
  sendThrottled(name: string, data: object, options: object, seconds: number, key: string): Promise<string | null>;
  work<T extends object>(
    name: string,
    options: { batchSize: number; pollingIntervalSeconds: number },
    handler: (jobs: BossJob<T>[]) => Promise<unknown>,
  ): Promise<string>;
  offWork(name: string): Promise<void>;
  createQueue(name: string, options: BossQueueOptions): Promise<void>;
  getQueues(): Promise<{ name: string }[]>;
}
