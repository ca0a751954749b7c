/**
 * A counting HTTP proxy in front of the QBO emulator: every strategy talks to QBO through it, so
 * calls are counted on the wire, outside any client. It counts HTTP requests (all answers, 429s
 * included) and metered calls the way Intuit meters them: only 2xx answers count, each operation
 * inside a batch counts as one call, and reads (queries, reads by id, CDC: "CorePlus", metered per
 * month) are told from writes (creates, updates, deletes, voids: "Core").
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy counted since its last reset. */
export interface MeteredCounts {
  /** HTTP requests answered, by read, write and batch, whatever their status. */
  http: { reads: number; writes: number; batches: number; throttled: number };
  /** Metered calls: successful operations, each batch item one, by reads and writes. */
  metered: { reads: number; writes: number };
}

/** A fresh set of zero counts. */
export function zeroCounts(): MeteredCounts {
  return { http: { reads: 0, writes: 0, batches: 0, throttled: 0 }, metered: { reads: 0, writes: 0 } };
}

type Json = Record<string, unknown>;

function isRead(method: string, path: string): boolean {
  return method === 'GET' || /\/(query|cdc)$/.test(path);
}

/** Counts the operations of a batch answer: each item without a Fault is one metered call. */
function countBatch(counts: MeteredCounts, request: string, response: string): void {
  let items: Json[];
  let answers: Json[];
  try {
    items = ((JSON.parse(request) as Json).BatchItemRequest as Json[] | undefined) ?? [];
    answers = ((JSON.parse(response) as Json).BatchItemResponse as Json[] | undefined) ?? [];
  } catch {
    return;
  }
  const byId = new Map(items.map((item) => [String(item.bId), item]));
  for (const answer of answers) {
    if (answer.Fault !== undefined) continue;
    const item = byId.get(String(answer.bId));
    if (item?.Query !== undefined) counts.metered.reads += 1;
    else counts.metered.writes += 1;
  }
}

function record(counts: MeteredCounts, req: IncomingMessage, status: number, body: string, answer: string): void {
  const path = new URL(req.url ?? '/', 'http://proxy').pathname;
  const method = req.method ?? 'GET';
  const ok = status >= 200 && status < 300;
  if (status === 429) counts.http.throttled += 1;
  if (path.endsWith('/batch')) {
    counts.http.batches += 1;
    if (ok) countBatch(counts, body, answer);
    return;
  }
  const read = isRead(method, path);
  if (read) counts.http.reads += 1;
  else counts.http.writes += 1;
  if (ok && read) counts.metered.reads += 1;
  else if (ok) counts.metered.writes += 1;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the proxy to `target` on 127.0.0.1; `counts` is live, `reset()` zeroes it. */
export async function startMeteringProxy(target: string) {
  let counts = zeroCounts();
  const forward = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers.set(name, value);
    }
    const answer = await fetch(`${target}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(body === '' ? {} : { body }),
    });
    const text = await answer.text();
    record(counts, req, answer.status, body, text);
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'content-encoding' && name !== 'transfer-encoding') out[name] = value;
    });
    res.writeHead(answer.status, out).end(text);
  };
  const server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => res.writeHead(502).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    counts: (): MeteredCounts => counts,
    reset: (): void => {
      counts = zeroCounts();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
