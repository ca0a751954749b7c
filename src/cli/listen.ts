/** A fetch handler served over HTTP by a command (`dashboard`, `watch --webhooks`), until closed. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { CliUsageError } from './exit-codes.js';

/** A listening server: its base URL and how to stop it. */
export interface Listening {
  /** `http://host:port` (IPv6 hosts in brackets). */
  url: string;
  close(): Promise<void>;
}

/** Parses the port of `flag`. @throws CliUsageError for anything but 0-65535. */
export function portOf(flag: string, value: string | undefined, fallback: number): number {
  const port = Number(value ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CliUsageError(`${flag} must be a port number (0-65535), got "${value}".`);
  }
  return port;
}

/** The address the server listens on, as a URL host (IPv6 in brackets). */
function urlHost(address: AddressInfo): string {
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

/**
 * Serves `fetch` on `host:port` (port 0: any free one).
 * @throws CliUsageError naming `what` when the address cannot be listened on.
 */
export async function listenFetch(
  fetch: (request: Request) => Response | Promise<Response>,
  options: { host: string; port: number; what: string },
): Promise<Listening> {
  const server = serve({ fetch, hostname: options.host, port: options.port });
  const close = () =>
    new Promise<void>((closed) => {
      server.close(() => closed());
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
  try {
    await new Promise<void>((listening, failed) => {
      server.once('listening', listening);
      server.once('error', failed);
    });
  } catch (error) {
    await close();
    const { code, message } = error as { code?: string; message?: string };
    throw new CliUsageError(`${options.what} cannot listen on ${options.host}:${options.port}: ${code ?? message}.`);
  }
  const address = server.address() as AddressInfo;
  return { url: `http://${urlHost(address)}:${address.port}`, close };
}
