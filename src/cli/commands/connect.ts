import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type OAuthClient from 'intuit-oauth';
import { z } from 'zod';
import { AuthenticationError, ReauthorizationRequiredError } from '../../core/errors.js';
import type { StoredTokens } from '../../qbo/auth.js';
import { FileTokenStore } from '../../qbo/file-token-store.js';
import type { CommandContext } from '../context.js';
import { CliUsageError, ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { createOAuthClient } from '../oauth.js';

/** intuit-oauth's `OAuthClient.scopes.Accounting`, the only scope this CLI asks for. */
const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const TokenJsonSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number(),
  x_refresh_token_expires_in: z.number().optional(),
});

/** Waits for the one redirect to `redirectUri`, answers the browser, and returns the full URL. */
function awaitRedirect(redirect: URL, state: string, signal: AbortSignal): { server: Server; url: Promise<URL> } {
  let settle: (url: URL) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const url = new Promise<URL>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const server = createServer((req, res) => {
    const got = new URL(req.url ?? '/', redirect.origin);
    if (got.pathname !== redirect.pathname) {
      res.writeHead(404).end();
      return;
    }
    const ok = got.searchParams.get('state') === state && got.searchParams.has('code');
    res.writeHead(ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8' });
    res.end(ok ? '<p>qbo-it is connected to QuickBooks. You can close this tab.</p>' : '<p>Authorization failed.</p>');
    if (ok) settle(got);
    else if (got.searchParams.has('error'))
      fail(
        new AuthenticationError(`Intuit refused the authorization: ${got.searchParams.get('error')}.`, {
          service: 'oauth',
        }),
      );
    else fail(new AuthenticationError("The redirect did not carry this run's state and a code.", { service: 'oauth' }));
  });
  signal.addEventListener('abort', () => fail(signal.reason instanceof Error ? signal.reason : new Error('aborted')), {
    once: true,
  });
  return { server, url };
}

function listen(server: Server, redirect: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new CliUsageError(`Cannot listen on ${redirect.host} for the OAuth redirect: ${(error as Error).message}`),
      ),
    );
    server.listen(Number(redirect.port || 80), redirect.hostname.replace(/^\[|\]$/g, ''), () => resolve());
  });
}

async function exchange(oauth: OAuthClient, url: URL, now: number): Promise<StoredTokens> {
  let json: unknown;
  try {
    json = (await oauth.createToken(url.toString())).getJson();
  } catch (error) {
    // intuit-oauth errors carry its token object; only the error code is kept.
    const code = (error as { error?: unknown }).error;
    throw new ReauthorizationRequiredError(
      `The authorization code was refused${typeof code === 'string' ? ` (${code})` : ''}; run "qbo-it connect" again.`,
      { service: 'oauth' },
    );
  }
  const parsed = TokenJsonSchema.safeParse(json);
  if (!parsed.success)
    throw new AuthenticationError('The token endpoint returned an unusable answer.', { service: 'oauth' });
  const t = parsed.data;
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    accessTokenExpiresAt: now + t.expires_in * 1000,
    ...(t.x_refresh_token_expires_in === undefined
      ? {}
      : { refreshTokenExpiresAt: now + t.x_refresh_token_expires_in * 1000 }),
    realmId: url.searchParams.get('realmId') ?? '',
  };
}

/**
 * `qbo-it connect [--timeout s]`: the OAuth authorization-code flow. Prints the URL to open, waits
 * for Intuit's redirect on the loopback `qbo.redirectUri`, exchanges the code and stores the tokens
 * (and the company id) in `qbo.tokenFile`.
 */
export async function connectCommand(ctx: CommandContext, options: { timeout?: string }): Promise<ExitCodeValue> {
  const config = await ctx.config();
  const oauth = await createOAuthClient(config, ctx.secrets);
  const redirect = new URL(config.qbo.redirectUri);
  if (!LOOPBACK.has(redirect.hostname)) {
    throw new CliUsageError(`qbo.redirectUri must be a loopback address (127.0.0.1), got ${redirect.host}.`);
  }
  const seconds = Number(options.timeout ?? 300);
  if (!(seconds > 0))
    throw new CliUsageError(`--timeout must be a positive number of seconds, got "${options.timeout}".`);
  const state = randomBytes(16).toString('hex');
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(seconds * 1000)]);
  const { server, url } = awaitRedirect(redirect, state, signal);
  await listen(server, redirect);
  try {
    const authorizeUrl = oauth.authorizeUri({ scope: [ACCOUNTING_SCOPE], state });
    ctx.out.result(
      'authorize',
      `Open this URL in a browser and approve access:\n\n  ${authorizeUrl}\n\nWaiting for the redirect to ${redirect.origin}${redirect.pathname} ...`,
      { url: authorizeUrl },
    );
    const tokens = await exchange(oauth, await url, Date.now());
    await new FileTokenStore(config.qbo.tokenFile).save(tokens);
    ctx.out.result(
      'connected',
      `Connected to QBO company ${tokens.realmId}; tokens saved to ${config.qbo.tokenFile}.`,
      {
        realmId: tokens.realmId,
        tokenFile: config.qbo.tokenFile,
      },
    );
    return ExitCode.ok;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    if (signal.aborted)
      throw new ReauthorizationRequiredError(`No authorization arrived within ${seconds} s.`, { service: 'oauth' });
    throw error;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
