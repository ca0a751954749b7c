import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type QboEmulatedRealm, QboEmulatorCore, type QboEmulatorOptions } from './core.js';
import { QboEmulatorData } from './data.js';
import type { QboFaultInjector } from './faults.js';
import type { QboDefaultAccounts } from './realm-setup.js';
import type { QboRequestLog } from './request-log.js';
import type { EmulatorRequest } from './types.js';
import type { QboWebhookSender } from './webhooks.js';

/** A running QBO emulator. */
export interface QboEmulator {
  /** `http://127.0.0.1:<port>`; the API is under `${baseUrl}/v3/company/{realmId}`. */
  baseUrl: string;
  /** The first company. */
  realmId: string;
  /** Ids of the accounts the first company starts with (inventory asset, income, COGS, A/P, shrinkage…). */
  accounts: QboDefaultAccounts;
  /** Credentials and endpoint of the token server, with a refresh token for the first company. */
  oauth: {
    clientId: string;
    clientSecret: string;
    tokenEndpoint: string;
    revokeEndpoint: string;
    authorizeEndpoint: string;
    refreshToken: string;
  };
  /** Verifier token that signs webhooks (`intuit-signature`). */
  webhookVerifierToken: string;
  /** Seed and inspect data. */
  data: QboEmulatorData;
  /** Inject failures. */
  faults: QboFaultInjector;
  /** Calls received, by kind. */
  requests: QboRequestLog;
  /** Webhook sender, when `webhooks` was given. */
  webhooks: QboWebhookSender | undefined;
  /** The transport-neutral core (share it with `createQboEmulatorHandlers`). */
  core: QboEmulatorCore;
  /** Adds a company. */
  addRealm(options?: { realmId?: string; companyName?: string }): QboEmulatedRealm;
  /** Issues an access token for a company without going through the token endpoint. */
  issueAccessToken(realmId?: string): string;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

function emulatorHandle(core: QboEmulatorCore, origin: string, close: () => Promise<void>): QboEmulator {
  const realm = core.realms.get(core.defaultRealmId)?.info as QboEmulatedRealm;
  return {
    baseUrl: origin,
    realmId: realm.realmId,
    accounts: { ...realm.accounts },
    oauth: {
      clientId: core.oauth.clientId,
      clientSecret: core.oauth.clientSecret,
      tokenEndpoint: `${origin}/oauth2/v1/tokens/bearer`,
      revokeEndpoint: `${origin}/oauth2/v1/tokens/revoke`,
      authorizeEndpoint: `${origin}/connect/oauth2`,
      refreshToken: realm.refreshToken,
    },
    webhookVerifierToken: core.webhookVerifierToken,
    data: new QboEmulatorData(core),
    faults: core.faults,
    requests: core.requests,
    webhooks: core.webhooks,
    core,
    addRealm: (o) => core.addRealm(o),
    issueAccessToken: (realmId) => core.oauth.issueAccessToken(realmId ?? core.defaultRealmId),
    close,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function serve(core: QboEmulatorCore, req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  const body = await readBody(req);
  const headers: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.headers))
    headers[key] = Array.isArray(value) ? value.join(', ') : value;
  const request: EmulatorRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', origin), headers, body };
  const answer = await core.handle(request);
  if (answer.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  // A timeout: the request stays unanswered until the client gives up or the emulator closes.
  if (answer.kind === 'hang') return;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/**
 * Starts a stateful QuickBooks Online emulator on 127.0.0.1 (a free port) over real HTTP.
 * @example
 * const qbo = await startQboEmulator({ seed: 7 });
 * qbo.data.seedCompany({ items: 1000 });
 * // point a client at `${qbo.baseUrl}/v3/company/${qbo.realmId}` and `qbo.oauth.tokenEndpoint`
 * await qbo.close();
 * @throws InvalidArgumentError for an invalid `realmId` option.
 */
export async function startQboEmulator(options: QboEmulatorOptions = {}): Promise<QboEmulator> {
  const core = new QboEmulatorCore(options);
  const sockets = new Set<Socket>();
  let origin = 'http://127.0.0.1';
  const server = createServer((req, res) => {
    serve(core, req, res, origin).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('emulator error');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  origin = `http://127.0.0.1:${port}`;
  const close = async (): Promise<void> => {
    core.webhooks?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return emulatorHandle(core, origin, close);
}
