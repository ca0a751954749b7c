import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP receiver of alert webhooks. */
export interface AlertReceiver {
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

/** Starts a receiver that answers each POST with the next status of `statuses` (then `fallback`). */
export async function startAlertReceiver(statuses: number[] = [], fallback = 200): Promise<AlertReceiver> {
  const received: AlertReceiver['received'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? fallback).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/qbo-it`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
