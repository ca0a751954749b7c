import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import type { StateStore } from '../sync/state/store.js';
import { type CliConfig, type CliSecrets, loadConfig, readSecrets } from './config.js';
import { type CliIo, CliOutput } from './output.js';
import { type CliRuntime, createRuntime, openStateStore } from './runtime.js';

/** What the CLI gets from the process: streams, environment and a signal aborted on SIGINT/SIGTERM. */
export interface CliDeps {
  io: CliIo;
  env: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
  /** @default silentLogger */
  logger?: Logger;
}

/** Options every command accepts. */
export interface GlobalOptions {
  config: string;
  json?: boolean;
  /** `--alert-webhook <url>`: post signed alerts there (secret: QBO_IT_ALERT_SECRET). */
  alertWebhook?: string;
}

/** A command's view of the CLI: output, configuration and the runtime, opened on demand. */
export class CommandContext {
  readonly out: CliOutput;
  readonly deps: CliDeps;
  readonly options: GlobalOptions;
  readonly secrets: CliSecrets;
  #runtime: CliRuntime | undefined;
  #store: StateStore | undefined;

  constructor(deps: CliDeps, options: GlobalOptions) {
    this.deps = deps;
    this.options = options;
    this.out = new CliOutput(deps.io, options.json === true || !deps.io.isTTY);
    this.secrets = readSecrets(deps.env);
  }

  /** Aborted on SIGINT/SIGTERM. */
  get signal(): AbortSignal {
    return this.deps.signal;
  }

  /** The validated configuration file. @throws CliUsageError */
  config(): Promise<CliConfig> {
    return loadConfig(this.options.config);
  }

  /** Clients, store and Synchronizer; closed by {@link close}. */
  async runtime(): Promise<CliRuntime> {
    this.#runtime ??= await createRuntime(await this.config(), this.secrets, this.deps.logger ?? silentLogger, {
      alertWebhook: this.options.alertWebhook,
    });
    return this.#runtime;
  }

  /** Only the state store (no clients, no secrets needed). */
  async store(): Promise<StateStore> {
    if (this.#runtime) return this.#runtime.store;
    this.#store ??= await openStateStore((await this.config()).state.path);
    return this.#store;
  }

  /** Releases the state store. */
  async close(): Promise<void> {
    await this.#runtime?.close();
    await this.#store?.close();
    this.#runtime = undefined;
    this.#store = undefined;
  }
}
