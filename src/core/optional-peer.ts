/**
 * Loading an optional peer dependency (better-sqlite3, intuit-oauth) on first use, with a
 * {@link ConfigurationError} that says what to install instead of Node's bare module-not-found.
 */
import { ConfigurationError } from './errors.js';

/** What to say when an optional peer cannot be used. */
export interface OptionalPeerMessages {
  /** The module is not installed. */
  missing: string;
  /** The module is installed but failed to load (e.g. a native binding built for another Node.js). */
  broken: string;
  /** The module loaded but its default export is not a constructor. */
  noConstructor: string;
}

function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * Imports an optional peer whose export is a constructor (a CommonJS module's `module.exports`).
 * @param importer `() => import('name')`; tests replace it to simulate a missing install.
 * @throws {ConfigurationError} with one of `messages` when the module is missing, broken or has no constructor.
 */
export async function importOptionalPeer(
  importer: () => Promise<unknown>,
  messages: OptionalPeerMessages,
): Promise<abstract new (...args: never[]) => unknown> {
  const ctor = await importOptionalModule(importer, messages);
  if (typeof ctor !== 'function') throw new ConfigurationError(messages.noConstructor);
  return ctor as abstract new (
    ...args: never[]
  ) => unknown;
}

/**
 * Imports an optional peer and returns its CommonJS `module.exports` (an object such as pg's
 * `{ Pool, Client }`, or a constructor), whichever way the import was made.
 * @param importer `() => import('name')`; tests replace it to simulate a missing install.
 * @throws {ConfigurationError} with `messages.missing` or `messages.broken` when the module cannot be loaded.
 */
export async function importOptionalModule(
  importer: () => Promise<unknown>,
  messages: Pick<OptionalPeerMessages, 'missing' | 'broken'>,
): Promise<unknown> {
  let loaded: unknown;
  try {
    loaded = await importer();
  } catch (cause) {
    throw new ConfigurationError(isMissingModule(cause) ? messages.missing : messages.broken, { cause });
  }
  // ESM import of a CommonJS module yields `{ default: exports }`; a CommonJS build yields the exports directly.
  return (loaded as { default?: unknown }).default ?? loaded;
}
