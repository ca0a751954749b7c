import cliProgress from 'cli-progress';
import type { SyncEvents, SyncProgress } from '../sync/events.js';
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
  #clearBars = false;

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

  /**
   * Shows live progress of `source`'s runs (done of total, percent and time left per entity); with
   * `verbose`, every record as it moves. `clearBars` removes the bars when a run ends. Returns a
   * function that stops listening.
   */
  follow(source: EventSource, options: { verbose?: boolean; clearBars?: boolean } = {}): () => void {
    this.#following = true;
    this.#clearBars = options.clearBars === true;
    const offs = [
      source.on('progress', (p) => {
        this.#live()?.progress(p);
        const { operation, entity, done, total, fraction, etaMs } = p;
        this.event('progress', { operation, entity, read: done, done, total, fraction, etaMs });
      }),
      source.on('record', (r) => {
        if (!r.dryRun && r.action !== 'unchanged') this.#live()?.wrote(r.entity);
        if (options.verbose) this.#record(r);
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

  /** A record that moved (`--verbose`): a `record` line, or a line above the bars. */
  #record(r: SyncEvents['record']): void {
    if (this.json) this.event('record', { ...r });
    else this.info(`${r.dryRun ? 'would be ' : ''}${r.action} ${r.entity} ${r.id}`);
  }

  /** The bars of the current run, started on its first event (text mode only). */
  #live(): ProgressBars | undefined {
    if (this.json || !this.#following) return undefined;
    this.#bars ??= new ProgressBars(this.#io.stderr, this.#clearBars);
    return this.#bars;
  }

  #stopBars(): void {
    this.#bars?.stop();
    this.#bars = undefined;
  }
}

/** `1m 05s`, `42s`, or `-` when unknown. */
export function formatEta(ms: number | null): string {
  if (ms === null) return '-';
  const seconds = Math.round(ms / 1000);
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

interface BarLine {
  bar: cliProgress.SingleBar;
  done: number;
  total: number | null;
  eta: string;
  written: number;
}

/** One line per entity: a bar of records handled out of the total, percent, time left and records written. */
class ProgressBars {
  readonly #multi: cliProgress.MultiBar;
  readonly #bars = new Map<SyncEntity, BarLine>();
  #stopped = false;

  constructor(stream: NodeJS.WritableStream, clearOnComplete: boolean) {
    this.#multi = new cliProgress.MultiBar(
      {
        stream: stream as NodeJS.WritableStream & { isTTY?: boolean },
        format: ' {entity} {bar} {pct} | {done}/{totalText} | ETA {eta} | written {written}',
        hideCursor: true,
        clearOnComplete,
        noTTYOutput: false,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  #line(entity: SyncEntity): BarLine {
    let line = this.#bars.get(entity);
    if (!line) {
      const bar = this.#multi.create(1, 0, this.#payload(entity, { done: 0, total: null, eta: '-', written: 0 }));
      line = { bar, done: 0, total: null, eta: '-', written: 0 };
      this.#bars.set(entity, line);
    }
    return line;
  }

  #payload(entity: SyncEntity, line: Omit<BarLine, 'bar'>): Record<string, string | number> {
    const pct = line.total ? `${Math.floor((100 * line.done) / line.total)}%`.padStart(4) : '   -';
    return {
      entity: entity.padEnd(14),
      done: line.done,
      totalText: line.total ?? '?',
      pct,
      eta: line.eta,
      written: line.written,
    };
  }

  #draw(entity: SyncEntity, line: BarLine): void {
    const total = Math.max(1, line.total ?? line.done);
    line.bar.setTotal(total);
    line.bar.update(Math.min(line.done, total), this.#payload(entity, line));
  }

  progress(p: SyncProgress): void {
    if (this.#stopped) return;
    const line = this.#line(p.entity);
    line.done = p.done;
    line.total = p.total;
    line.eta = formatEta(p.etaMs);
    this.#draw(p.entity, line);
  }

  wrote(entity: SyncEntity): void {
    if (this.#stopped) return;
    const line = this.#line(entity);
    line.written += 1;
    this.#draw(entity, line);
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
