import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type QboEmulator, type QboEmulatorOptions, startQboEmulator } from '../../../src/testing/index.js';

/** A parsed JSON answer, navigated freely by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: answers are checked by assertions, not by the type system.
export type Json = any;

/** A clock the test moves by hand. */
export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

/** A clock starting at a fixed instant. */
export function manualClock(start = Date.parse('2026-03-02T17:00:00Z')): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A running emulator with an access token and a tiny JSON client for its first company. */
export interface TestQbo {
  qbo: QboEmulator;
  token: string;
  base: string;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: Json; headers: Headers }>;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Json; headers: Headers }>;
  query(text: string): Promise<{ status: number; body: Json }>;
}

async function decode(res: Response): Promise<{ status: number; body: Json; headers: Headers }> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // XML or plain text bodies are returned as strings.
  }
  return { status: res.status, body, headers: res.headers };
}

/** Starts an emulator and issues an access token for its first company. */
export async function startTestQbo(options: QboEmulatorOptions = {}): Promise<TestQbo> {
  const qbo = await startQboEmulator({ seed: 11, ...options });
  const token = qbo.issueAccessToken();
  const base = `${qbo.baseUrl}/v3/company/${qbo.realmId}`;
  const auth = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const get = async (path: string, headers: Record<string, string> = {}) =>
    decode(await fetch(`${base}${path}`, { headers: { ...auth, ...headers } }));
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
    decode(
      await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  const query = (text: string) => get(`/query?query=${encodeURIComponent(text)}&minorversion=75`);
  return { qbo, token, base, get, post, query };
}

/** Reads a recorded payload from `test/fixtures/qbo/`. */
export function fixture(name: string): Json {
  const path = fileURLToPath(new URL(`../../fixtures/qbo/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
}

/** The minimal inventory item body QBO accepts. */
export function inventoryItem(qbo: QboEmulator, name: string, qty: number, extra: Record<string, unknown> = {}) {
  const accounts = qbo.core.realms.get(qbo.realmId)?.info.accounts;
  if (!accounts) throw new Error('no accounts');
  return {
    Name: name,
    Type: 'Inventory',
    TrackQtyOnHand: true,
    QtyOnHand: qty,
    InvStartDate: '2026-01-01',
    IncomeAccountRef: { value: accounts.income },
    ExpenseAccountRef: { value: accounts.cogs },
    AssetAccountRef: { value: accounts.inventoryAsset },
    ...extra,
  };
}
