import cliProgress from 'cli-progress';
import type { SyncEvents } from '../sync/events.js';
import type { SyncEntity } from '../sync/state/store.js';

/** Where the CLI writes: streams, and whether stdout is a terminal. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** True when stdout is a terminal (progress bars and tables instead of JSON lines). */
  isTTY: boolean;
}

/** The part of the Synchronizer the progress display listens to. */
export interface EventSource {
  on<K extends keyof SyncEvents>(name: K, listener: (payload: SyncEvents[K]) => void): () => void;
}

/**
 * What a command prints. In JSON mode every line of stdout is one JSON object with a `type`; in
 * text mode results are tables on stdout and progress bars on stderr.
 */
export class CliOutput {
  readonly json: boolean;
  readonly #io: CliIo;
  #bars: ProgressBars | undefined;
  #following = false;

  constructor(io: CliIo, json: boolean) {
    this.#io = io;
    this.json = json;
  }

  /** Writes one JSON line (JSON mode only). */
  event(type: string, data: Record<string, unknown>): void {
    if (this.json) this.#io.stdout.write(`${JSON.stringify({ type, ...data })}\n`);
  }

  /** The result of a command: text on a terminal, one JSON line otherwise. */
  result(type: string, text: string, data: Record<string, unknown>): void {
    this.#stopBars();
    if (this.json) this.event(type, data);
    else this.#io.stdout.write(`${text}\n`);
  }

  /** A message for people (stderr in text mode, a `message` line in JSON mode). */
  info(message: string): void {
    if (this.json) this.event('message', { message });
    else this.#bars ? this.#bars.log(message) : this.#io.stderr.write(`${message}\n`);
  }

  /** An error that stopped the command, with its exit code. */
  error(message: string, exitCode: number, name?: string): void {
    this.#stopBars();
    if (this.json) this.event('error', { name: name ?? 'Error', message, exitCode });
    else this.#io.stderr.write(`error: ${message}\n`);
  }

  /** Shows live progress of `source`'s runs; returns a function that stops listening. */
  follow(source: EventSource): () => void {
    this.#following = true;
    const offs = [
      source.on('progress', (p) => {
        this.#live()?.read(p.entity, p.done);
        this.event('progress', { operation: p.operation, entity: p.entity, read: p.done });
      }),
      source.on('record', (r) => {
        if (!r.dryRun && r.action !== 'unchanged') this.#live()?.wrote(r.entity);
      }),
      source.on('conflict', (c) => this.event('conflict', { ...c })),
      source.on('drift', (d) => this.event('drift', { ...d })),
      source.on('tick', (t) => this.event('tick', { ...t })),
      // Each run gets its own bars.
      source.on('run', () => this.#stopBars()),
    ];
    return () => {
      for (const off of offs) off();
      this.#following = false;
      this.#stopBars();
    };
  }

  /** The bars of the current run, started on its first event (text mode only). */
  #live(): ProgressBars | undefined {
    if (this.json || !this.#following) return undefined;
    this.#bars ??= new ProgressBars(this.#io.stderr);
    return this.#bars;
  }

  #stopBars(): void {
    this.#bars?.stop();
    this.#bars = undefined;
  }
}

/** One line per entity: records read from the source and records written, updated live. */
class ProgressBars {
  readonly #multi: cliProgress.MultiBar;
  readonly #bars = new Map<SyncEntity, { bar: cliProgress.SingleBar; read: number; written: number }>();
  #stopped = false;

  constructor(stream: NodeJS.WritableStream) {
    this.#multi = new cliProgress.MultiBar(
      {
        stream: stream as NodeJS.WritableStream & { isTTY?: boolean },
        format: ' {entity} | read {read} | written {written}',
        hideCursor: true,
        clearOnComplete: false,
        noTTYOutput: false,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  #line(entity: SyncEntity) {
    let line = this.#bars.get(entity);
    if (!line) {
      const bar = this.#multi.create(1, 0, { entity: entity.padEnd(14), read: 0, written: 0 });
      line = { bar, read: 0, written: 0 };
      this.#bars.set(entity, line);
    }
    return line;
  }

  read(entity: SyncEntity, count: number): void {
    if (this.#stopped) return;
    const line = this.#line(entity);
    line.read += count;
    line.bar.update(0, { entity: entity.padEnd(14), read: line.read, written: line.written });
  }

  wrote(entity: SyncEntity): void {
    if (this.#stopped) return;
    const line = this.#line(entity);
    line.written += 1;
    line.bar.update(0, { entity: entity.padEnd(14), read: line.read, written: line.written });
  }

  log(message: string): void {
    this.#multi.log(`${message}\n`);
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#multi.stop();
  }
}
