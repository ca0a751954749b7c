import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IntelliTrackEmulatorCore, type IntelliTrackEmulatorOptions } from './core.js';
import type { IntelliTrackEmulatorData } from './data.js';
import type { IntelliTrackFaults } from './faults.js';
import type { IntelliTrackRequestLog } from './requests.js';
import type { WarehouseSimulator } from './simulate.js';

/** Options of {@link startIntelliTrackEmulator}. */
export interface StartIntelliTrackEmulatorOptions extends IntelliTrackEmulatorOptions {
  /** Port on 127.0.0.1. @default 0 (a free port) */
  port?: number;
}

/** A running IntelliTrack emulator. */
export interface IntelliTrackEmulator {
  /** `http://127.0.0.1:<port>/v1`: the base URL of the REST API. */
  baseUrl: string;
  /** The key clients send as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** Id of the seeded division. */
  divisionId: string;
  /** The in-memory core, e.g. to share it with msw handlers. */
  core: IntelliTrackEmulatorCore;
  /** Seed and inspect records directly. */
  data: IntelliTrackEmulatorData;
  /** Inject faults. */
  faults: IntelliTrackFaults;
  /** Count the calls received. */
  requests: IntelliTrackRequestLog;
  /** Act like a person in the warehouse or office. */
  simulate: WarehouseSimulator;
  /** Stops the server and drops every open connection. */
  close(): Promise<void>;
}

/**
 * Starts an IntelliTrack emulator on 127.0.0.1: a real HTTP server implementing this SDK's
 * IntelliTrack REST contract with warehouse semantics, over one in-memory core.
 * @example
 * const it = await startIntelliTrackEmulator({ seed: 42, warehouse: { items: 20, vendors: 3 } });
 * const res = await fetch(`${it.baseUrl}/items?divisionId=${it.divisionId}`, {
 *   headers: { authorization: `Bearer ${it.apiKey}` },
 * });
 * await it.close();
 * @throws Error when the port cannot be bound
 */
export async function startIntelliTrackEmulator(
  options: StartIntelliTrackEmulatorOptions = {},
): Promise<IntelliTrackEmulator> {
  const core = new IntelliTrackEmulatorCore(options);
  const server = createServer((req, res) => {
    serve(core, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey: core.apiKey,
    divisionId: core.divisionId,
    core,
    data: core.data,
    faults: core.faults,
    requests: core.requests,
    simulate: core.simulate,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(core: IntelliTrackEmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const outcome = await core.handle({
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  });
  if (outcome.type === 'reset') {
    req.socket.destroy();
    return;
  }
  // 'hang': keep the socket open without answering; close() drops it
  if (outcome.type === 'hang') return;
  res.writeHead(outcome.status, outcome.headers);
  res.end(outcome.body);
}
