/**
 * Both emulators in a process of their own, so a benchmark measures the memory of the code under test
 * alone. The parent forks this file, receives the endpoints, and drives the data and the counters
 * through IPC messages. Intuit's limits are on unless `limits: false`.
 * Used by bench/sync-scenarios.ts and bench/naive.ts; not run by hand.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startIntelliTrackEmulator, startQboEmulator } from '../src/testing/index.js';
import { applyChurn, type Churn, type DayPattern } from './day-churn.js';
import { type MeteredCounts, startMeteringProxy } from './metering-proxy.js';

const DAY_MS = 86_400_000;
/** One auto-sync cycle of the realistic day. */
export const CYCLE_MS = 5 * 60_000;

type QboData = Awaited<ReturnType<typeof startQboEmulator>>['data'];

/** What the emulators hold at the start. */
export interface BenchCompany {
  items: number;
  vendors: number;
  customers: number;
  purchaseOrders: number;
  estimates: number;
  /** Intuit's throttles on QBO (500/min, 10 in flight, 40 batch/min). */
  limits: boolean;
  /** Where QBO posts change notifications, signed with `verifierToken` (the `sdk-notice` day). */
  webhooks?: { url: string; verifierToken: string };
}

/** Endpoints and ids the parent needs. */
export interface HostReady {
  qboBaseUrl: string;
  realmId: string;
  token: string;
  itBaseUrl: string;
  apiKey: string;
  divisionId: string;
  adjustmentAccountId: string;
  /** QBO records each flow must read after seeding (what the read floor is computed from). */
  qboCounts: Record<'Vendor' | 'Customer' | 'Item' | 'PurchaseOrder' | 'Estimate', number>;
}

/** Calls the emulators answered since the last reset. */
export interface HostCounts {
  qbo: Record<string, number>;
  /** QBO calls that could change data, by kind (a batch carrying only queries is a read). */
  qboWrites: Record<string, number>;
  intellitrack: Record<string, number>;
  /** QBO calls counted on the wire by bench/metering-proxy.ts: HTTP requests and metered calls. */
  metered: MeteredCounts;
}

/** The answer to `tick`: the emulators' clock offset from the wall clock now, what changed, a new token. */
export interface TickReply {
  offsetMs: number;
  churn: Churn;
  /** A fresh access token (the emulator's expire after an hour of its time). */
  token: string;
}

/** A message to the host; every one is answered with one reply. */
export type HostCommand =
  | { type: 'counts' }
  | { type: 'reset' }
  | { type: 'change'; fraction: number }
  | { type: 'adjust'; count: number }
  /**
   * Moves both emulators' clocks five minutes on, applies cycle `cycle`'s churn (bench/day-churn.ts)
   * and delivers QBO's change notifications before it answers.
   */
  | { type: 'tick'; cycle: number; pattern: DayPattern }
  | { type: 'exit' };

/** The parent's handle on a forked host. */
export interface Host {
  ready: HostReady;
  send<T = unknown>(command: HostCommand): Promise<T>;
  close(): Promise<void>;
}

/** Forks the host with `company` seeded and waits until both emulators listen. */
export async function startHost(company: BenchCompany): Promise<Host> {
  const proc = fork(fileURLToPath(import.meta.url), ['serve', JSON.stringify(company)], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`emulator host exited with ${code}`));
      proc.once('exit', onExit);
      proc.once('message', (m) => {
        proc.off('exit', onExit);
        resolve(m as T);
      });
    });
  const ready = await next<HostReady>();
  let queue: Promise<unknown> = Promise.resolve();
  // Replies are matched to commands by order, so commands are sent one at a time.
  const send = <T>(command: HostCommand): Promise<T> => {
    const run = queue.then(() => {
      const reply = next<T>();
      proc.send(command);
      return reply;
    });
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    ready,
    send,
    close: async () => {
      const gone = new Promise((resolve) => proc.once('exit', resolve));
      await send({ type: 'exit' }).catch(() => undefined);
      await gone;
    },
  };
}

async function serve(company: BenchCompany): Promise<void> {
  // The company's records are dated a day back, as in a company that existed before its first sync;
  // seeded "now", they would all fall inside the Synchronizer's CDC overlap window after the full run.
  let offsetMs = -DAY_MS;
  const clock = { now: () => Date.now() + offsetMs };
  const qbo = await startQboEmulator({
    seed: 42,
    clock,
    ...(company.limits ? {} : { limits: false }),
    ...(company.webhooks
      ? { webhooks: { url: company.webhooks.url }, webhookVerifierToken: company.webhooks.verifierToken }
      : {}),
  });
  const it = await startIntelliTrackEmulator({ seed: 42, clock });
  // Every strategy reaches QBO through the counting proxy: calls are counted on the wire.
  const proxy = await startMeteringProxy(qbo.baseUrl);
  const { limits: _limits, webhooks: _webhooks, ...sizes } = company;
  qbo.data.seedCompany({ ...sizes, seed: 42 });
  offsetMs = 0;
  const reply = (m: unknown) => process.send?.(m);
  // Never outlive the benchmark that forked us, however it ended.
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (command: HostCommand) => {
    switch (command.type) {
      case 'counts':
        return reply({
          qbo: qbo.requests.byKind(),
          qboWrites: qbo.requests.writesByKind(),
          intellitrack: it.requests.byKind(),
          metered: proxy.counts(),
        } satisfies HostCounts);
      case 'reset':
        qbo.requests.reset();
        it.requests.reset();
        proxy.reset();
        return reply({});
      case 'tick': {
        offsetMs += CYCLE_MS;
        const churn = applyChurn(qbo, it, command.cycle, command.pattern);
        await qbo.webhooks?.flush();
        return reply({ offsetMs, churn, token: qbo.issueAccessToken() } satisfies TickReply);
      }
      case 'change':
        return reply({ changed: changeItems(qbo.data, command.fraction) });
      case 'adjust':
        return reply({ adjusted: adjust(it, command.count) });
      case 'exit':
        await Promise.all([qbo.close(), it.close(), proxy.close()]);
        reply({});
        process.exit(0);
    }
  });
  reply({
    qboBaseUrl: proxy.baseUrl,
    realmId: qbo.realmId,
    token: qbo.issueAccessToken(),
    itBaseUrl: it.baseUrl,
    apiKey: it.apiKey,
    divisionId: it.divisionId,
    adjustmentAccountId: qbo.accounts.shrinkage,
    qboCounts: inScope(qbo.data),
  } satisfies HostReady);
}

/** Active vendors and customers, Inventory items active or not, open POs, accepted estimates. */
function inScope(data: QboData): HostReady['qboCounts'] {
  const count = (entity: string, keep: (r: Record<string, unknown>) => boolean) =>
    data.list(entity).filter(keep).length;
  return {
    Vendor: count('Vendor', (r) => r.Active !== false),
    Customer: count('Customer', (r) => r.Active !== false),
    Item: count('Item', (r) => r.Type === 'Inventory'),
    PurchaseOrder: count('PurchaseOrder', (r) => r.POStatus === 'Open'),
    Estimate: count('Estimate', (r) => r.TxnStatus === 'Accepted'),
  };
}

/** Edits the description of every n-th active Inventory item, as a bookkeeper would in QBO. */
function changeItems(data: QboData, fraction: number): number {
  const items = data.list('Item').filter((r) => r.Type === 'Inventory' && r.Active !== false);
  const step = Math.max(1, Math.round(1 / fraction));
  let changed = 0;
  for (let i = 0; i < items.length; i += step) {
    const item = items[i];
    if (!item) continue;
    data.update('Item', { Id: item.Id, SyncToken: item.SyncToken, Description: `Revised ${item.Id}` });
    changed += 1;
  }
  return changed;
}

/** Adjusts On Hand of `count` stocked items in IntelliTrack (shrinkage found on a count). */
function adjust(it: Awaited<ReturnType<typeof startIntelliTrackEmulator>>, count: number): number {
  const stock = it.data
    .list('inventory')
    .filter((r) => r.onHand >= 2 && it.data.get('items', r.itemId)?.active !== false);
  let done = 0;
  for (let i = 0; i < count && stock.length > 0; i += 1) {
    const record = stock[i % stock.length];
    if (!record) continue;
    it.simulate.adjust(record.itemId, -1, 'cycle count');
    done += 1;
  }
  return done;
}

if (process.argv[2] === 'serve') await serve(JSON.parse(process.argv[3] ?? '{}') as BenchCompany);
