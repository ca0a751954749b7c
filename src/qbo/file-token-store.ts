import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ConfigurationError } from '../core/errors.js';
import type { StoredTokens, TokenStore } from './auth.js';

/** What a token store accepts and returns ({@link StoredTokens}), checked before it is written. */
export const StoredTokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  accessTokenExpiresAt: z.number(),
  refreshTokenExpiresAt: z.number().optional(),
  realmId: z.string().optional(),
});

/** The token set in the JSON `text`, or `undefined` when it is not one (its content is never quoted). */
export function parseStoredTokens(text: string): StoredTokens | undefined {
  let parsed: ReturnType<typeof StoredTokensSchema.safeParse>;
  try {
    parsed = StoredTokensSchema.safeParse(JSON.parse(text));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  const { refreshTokenExpiresAt, realmId, ...rest } = parsed.data;
  return {
    ...rest,
    ...(refreshTokenExpiresAt === undefined ? {} : { refreshTokenExpiresAt }),
    ...(realmId === undefined ? {} : { realmId }),
  };
}

/**
 * A {@link TokenStore} in a JSON file readable only by its owner (mode 0600). A save writes a
 * temporary file of its own, flushes it to disk (`fsync`), renames it over the old file and flushes
 * the directory: a reader or a crash sees the old tokens or the new ones, never half a file, and a
 * rotated refresh token is durable once `save` resolves. A save that fails leaves the old file as it
 * was and removes its temporary file.
 * @example
 * const store = new FileTokenStore('.qbo-it/tokens.json');
 * const auth = new IntuitOAuthTokenProvider({ oauthClient, store });
 */
export class FileTokenStore implements TokenStore {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /**
   * The stored tokens, or `undefined` when the file does not exist yet.
   * @throws ConfigurationError when the file exists but is not a token file (its content is never quoted).
   */
  async load(): Promise<StoredTokens | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
      throw new ConfigurationError(`Token file ${this.path} cannot be read.`, { cause: error });
    }
    const tokens = parseStoredTokens(text);
    if (!tokens) {
      throw new ConfigurationError(
        `Token file ${this.path} is not a valid token file; authorize again (for example with "qbo-it connect").`,
      );
    }
    return tokens;
  }

  /**
   * Writes the tokens atomically and durably with mode 0600, creating the directory when needed.
   * @throws ConfigurationError when the tokens are not a valid token set (nothing is written) or the
   *   file cannot be written (the old file is left as it was)
   */
  async save(tokens: StoredTokens): Promise<void> {
    if (!StoredTokensSchema.safeParse(tokens).success) {
      throw new ConfigurationError(`Tokens for ${this.path} are incomplete; the token file was left as it was.`);
    }
    const dir = dirname(this.path);
    const temp = `${this.path}.${process.pid}.${randomUUID()}.tmp`;
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeDurably(temp, `${JSON.stringify(tokens, null, 2)}\n`);
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw new ConfigurationError(`Token file ${this.path} cannot be written.`, { cause: error });
    }
    await syncDirectory(dir);
  }
}

/** Writes a new file (mode 0600) and flushes it to disk before closing it. */
async function writeDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a directory entry (the rename); platforms that cannot open a directory skip it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
