import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ConfigurationError } from '../core/errors.js';
import type { StoredTokens, TokenStore } from './auth.js';

const StoredTokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  accessTokenExpiresAt: z.number(),
  refreshTokenExpiresAt: z.number().optional(),
  realmId: z.string().optional(),
});

/**
 * A {@link TokenStore} in a JSON file readable only by its owner (mode 0600). Saves are atomic (a
 * temporary file renamed over the old one), so a crash never leaves half a token file and a rotated
 * refresh token is durable once `save` resolves.
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
    let parsed: ReturnType<typeof StoredTokensSchema.safeParse>;
    try {
      parsed = StoredTokensSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = StoredTokensSchema.safeParse(undefined);
    }
    if (!parsed.success) {
      throw new ConfigurationError(
        `Token file ${this.path} is not a valid token file; authorize again (for example with "qbo-it connect").`,
      );
    }
    const { refreshTokenExpiresAt, realmId, ...rest } = parsed.data;
    return {
      ...rest,
      ...(refreshTokenExpiresAt === undefined ? {} : { refreshTokenExpiresAt }),
      ...(realmId === undefined ? {} : { realmId }),
    };
  }

  /** Writes the tokens atomically with mode 0600, creating the directory when needed. */
  async save(tokens: StoredTokens): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.path);
  }
}
