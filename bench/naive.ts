/**
 * The baselines, as their users write them with a plain HTTP client. `naive` (what node-quickbooks
 * users write) and `lut` (the serious peer: a poller that queries each entity by
 * `Metadata.LastUpdatedTime` after the newest change it has seen and writes to QBO in batches of 30).
 *
 * naive: the sync as a user of a plain HTTP client would write it. Whole result sets are
 * loaded into memory (QBO queries in pages of 1000, every IntelliTrack list in full), every record is
 * written with a request of its own (no QBO batch), there is no CDC (an incremental run reads
 * everything again and compares), and a 429 is waited out for a second and retried. It uses the
 * SDK's pure mappers, so only the I/O strategy differs from the Synchronizer's.
 */
import { randomUUID } from 'node:crypto';
import type { Adjustment } from '../src/intellitrack/schemas/inventory.js';
import { createMapLookup, defaultMappers, type LinkPair, type MapContext } from '../src/mappers/index.js';
import type { HostReady } from './emulator-host.js';
import { type PollerIo, postBacks, qboWriteAll, tally } from './poller-postbacks.js';

/** How a baseline reads and writes QBO. */
export type PollerMode = 'naive' | 'lut';

type Json = Record<string, unknown>;
type ItRecord = Json & { id: string; externalRef?: string | null };

/** Work done by one naive pass. */
export interface NaiveOutcome {
  written: number;
  failed: number;
  /** The first failure, to show what went wrong. */
  firstError?: string;
}

const RESOURCES = [
  ['Vendor', 'vendors', 'vendor'],
  ['Customer', 'customers', 'customer'],
  ['Item', 'items', 'item'],
  ['PurchaseOrder', 'receiving-orders', 'purchaseOrderToReceiving'],
  ['Estimate', 'picking-orders', 'estimateToPicking'],
] as const;

const QUERIES: Record<(typeof RESOURCES)[number][0], string> = {
  Vendor: 'select * from Vendor',
  Customer: 'select * from Customer',
  Item: "select * from Item where Active IN (true, false) and Type = 'Inventory'",
  PurchaseOrder: 'select * from PurchaseOrder',
  Estimate: 'select * from Estimate',
};

/** The naive sync against the emulators of `ready`. */
export class NaiveSync {
  readonly #ready: HostReady;
  readonly #links: Record<string, Map<string, string>> = { items: new Map(), vendors: new Map(), customers: new Map() };
  /** Records read and found equal in the current pass; they are not counted as written. */
  #unchanged = 0;
  /** The last full read of QBO items, kept for the inventory load. */
  #items: Json[] = [];
  #defaults: { uom: string; siteId: string; locationId: string } | undefined;
  readonly #mode: PollerMode;
  /** lut: the newest LastUpdatedTime seen per entity. */
  readonly #watermarks = new Map<string, string>();
  /** IntelliTrack orders already posted back to QBO (a Bill or an Invoice). */
  readonly #posted = new Set<string>();

  constructor(ready: HostReady, mode: PollerMode = 'naive') {
    this.#ready = ready;
    this.#mode = mode;
  }

  /** One auto-sync cycle: QBO changes to IntelliTrack, finished orders and adjustments back to QBO. */
  async cycle(): Promise<NaiveOutcome> {
    const outcomes = [await this.incremental(), await this.postBacks(), await this.exportAdjustments()];
    return outcomes.reduce((a, b) => ({
      written: a.written + b.written,
      failed: a.failed + b.failed,
      ...((a.firstError ?? b.firstError) ? { firstError: a.firstError ?? b.firstError } : {}),
    }));
  }

  /** Receiving and picking orders closed in IntelliTrack since the last pass, as Bills and Invoices. */
  async postBacks(): Promise<NaiveOutcome> {
    return postBacks(this.#io(), await this.#context(), this.#mode, this.#posted);
  }

  #io(): PollerIo {
    return {
      qbo: (method, path, body) => this.#qbo(method, path, body),
      it: (method, path, body) => this.#it(method, path, body),
      itAll: (resource, filter) => this.#itAll(resource, filter),
    };
  }

  /** Everything from QBO into IntelliTrack, inventory quantities included. */
  async full(): Promise<NaiveOutcome> {
    const outcome = await this.#masterAndOrders();
    const items = this.#items;
    const ctx = await this.#context();
    for (const item of items) {
      const load = defaultMappers.inventory(item as never, ctx).value;
      if (load) await this.#count(outcome, () => this.#it('POST', '/inventory', load));
    }
    return outcome;
  }

  /** The same pass again: read everything, write what differs. */
  incremental(): Promise<NaiveOutcome> {
    return this.#masterAndOrders();
  }

  /** Every pending IntelliTrack adjustment to QBO: one InventoryAdjustment per request (lut: per batch item). */
  async exportAdjustments(): Promise<NaiveOutcome> {
    const ctx = await this.#context();
    const pending = (await this.#itAll('adjustments', '&exportStatus=pending')) as unknown as Adjustment[];
    const writes = pending.map((adjustment) => ({
      entity: 'InventoryAdjustment',
      body: defaultMappers.adjustmentsToQbo([adjustment], ctx).value as Json,
      after: (id: string) => this.#it('POST', `/adjustments/${adjustment.id}/export`, { externalRef: id }),
    }));
    return qboWriteAll(this.#io(), this.#mode, writes);
  }

  async #masterAndOrders(): Promise<NaiveOutcome> {
    const outcome: NaiveOutcome = { written: 0, failed: 0 };
    this.#unchanged = 0;
    for (const [entity, resource, mapper] of RESOURCES) {
      const [sources, existing] = await Promise.all([this.#queryAll(entity), this.#itAll(resource)]);
      if (entity === 'Item') this.#items = sources;
      const byRef = new Map(existing.map((r) => [String(r.externalRef ?? ''), r]));
      const ctx = await this.#context();
      for (const source of sources) {
        if (!wanted(entity, source)) continue;
        await this.#count(outcome, async () => {
          const map = defaultMappers[mapper] as (s: unknown, c: MapContext) => { value: unknown };
          const body = { ...(map(source, ctx).value as Json), externalRef: String(source.Id) };
          const id = await this.#upsert(resource, body, byRef.get(String(source.Id)));
          if (id) this.#links[resource]?.set(String(source.Id), id);
        });
      }
    }
    outcome.written -= this.#unchanged;
    return outcome;
  }

  /** POSTs a new record, PATCHes the changed fields of an existing one, or does nothing. */
  async #upsert(resource: string, body: Json, current: ItRecord | undefined): Promise<string | undefined> {
    if (!current) return ((await this.#it('POST', `/${resource}`, body)) as ItRecord).id;
    this.#unchanged += 1;
    const { divisionId: _division, ...fields } = body;
    const patch = Object.fromEntries(Object.entries(fields).filter(([k, v]) => differs(v, current[k])));
    if (Object.keys(patch).length > 0) {
      this.#unchanged -= 1;
      await this.#it('PATCH', `/${resource}/${current.id}`, patch);
    }
    return current.id;
  }

  #count(outcome: NaiveOutcome, write: () => Promise<unknown>): Promise<void> {
    return tally(outcome, write);
  }

  async #context(): Promise<MapContext> {
    this.#defaults ??= await this.#readDefaults();
    const pairs = (m: Map<string, string> | undefined): LinkPair[] =>
      [...(m ?? [])].map(([qboId, itId]) => ({ qboId, itId }));
    const now = new Date().toISOString();
    return {
      settings: {
        divisionId: this.#ready.divisionId,
        defaultUom: this.#defaults.uom,
        defaultSiteId: this.#defaults.siteId,
        defaultLocationId: this.#defaults.locationId,
        adjustmentAccountId: this.#ready.adjustmentAccountId,
      },
      lookup: createMapLookup({
        items: pairs(this.#links.items),
        vendors: pairs(this.#links.vendors),
        customers: pairs(this.#links.customers),
      }),
      today: now.slice(0, 10),
      now,
    };
  }

  async #readDefaults(): Promise<{ uom: string; siteId: string; locationId: string }> {
    const division = (await this.#it('GET', `/divisions/${this.#ready.divisionId}`)) as Json;
    const sites = ((await this.#it('GET', `/divisions/${this.#ready.divisionId}/sites`)) as { data: Json[] }).data;
    const site = sites.find((s) => s.id === division.defaultSiteId);
    for (const [resource, map] of Object.entries(this.#links)) {
      for (const r of await this.#itAll(resource)) if (r.externalRef) map.set(String(r.externalRef), r.id);
    }
    return {
      uom: String(division.defaultUom),
      siteId: String(division.defaultSiteId),
      locationId: String(site?.defaultLocationId),
    };
  }

  /** Every row of a QBO query, in pages of 1000, into one array. */
  async #queryAll(entity: keyof typeof QUERIES): Promise<Json[]> {
    const rows: Json[] = [];
    const since = this.#mode === 'lut' ? this.#watermarks.get(entity) : undefined;
    const base = QUERIES[entity];
    const text =
      since === undefined ? base : `${base}${base.includes(' where ') ? ' and' : ' where'} ${lutAfter(since)}`;
    for (let start = 1; ; start += 1000) {
      const q = encodeURIComponent(`${text} STARTPOSITION ${start} MAXRESULTS 1000`);
      const body = (await this.#qbo('GET', `/query?query=${q}`)) as { QueryResponse?: Record<string, Json[]> };
      const page = body.QueryResponse?.[entity] ?? [];
      rows.push(...page);
      if (page.length < 1000) break;
    }
    for (const row of rows) {
      const at = String((row.MetaData as Json | undefined)?.LastUpdatedTime ?? '');
      if (at > (this.#watermarks.get(entity) ?? '')) this.#watermarks.set(entity, at);
    }
    return rows;
  }

  /** Every record of an IntelliTrack list, into one array. */
  async #itAll(resource: string, filter = ''): Promise<ItRecord[]> {
    const rows: ItRecord[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const path = `/${resource}?divisionId=${this.#ready.divisionId}&limit=1000${filter}${after}`;
      const page = (await this.#it('GET', path)) as { data: ItRecord[]; nextCursor: string | null };
      rows.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  }

  #qbo(method: string, path: string, body?: unknown): Promise<unknown> {
    const sep = path.includes('?') ? '&' : '?';
    const url = `${this.#ready.qboBaseUrl}/v3/company/${this.#ready.realmId}${path}${sep}minorversion=75`;
    return send(url, method, this.#ready.token, body);
  }

  #it(method: string, path: string, body?: unknown): Promise<unknown> {
    return send(`${this.#ready.itBaseUrl}${path}`, method, this.#ready.apiKey, body);
  }
}

/** The LastUpdatedTime filter of a watermark poller. */
function lutAfter(since: string): string {
  return `Metadata.LastUpdatedTime > '${since}'`;
}

/** Whether `mapped` says something `current` does not; fields only the server sets are ignored. */
function differs(mapped: unknown, current: unknown): boolean {
  if (Array.isArray(mapped)) {
    if (!Array.isArray(current) || current.length !== mapped.length) return true;
    return mapped.some((m, i) => differs(m, current[i]));
  }
  if (mapped !== null && typeof mapped === 'object') {
    if (current === null || typeof current !== 'object') return true;
    return Object.entries(mapped).some(([k, v]) => differs(v, (current as Json)[k]));
  }
  return (mapped ?? null) !== (current ?? null);
}

/** Which QBO records the sync moves: open POs, accepted estimates, active parties, all Inventory items. */
function wanted(entity: string, r: Json): boolean {
  if (entity === 'PurchaseOrder') return r.POStatus === 'Open';
  if (entity === 'Estimate') return r.TxnStatus === 'Accepted';
  if (entity === 'Item') return true;
  return r.Active !== false;
}

/** One request with a fresh idempotency key on POSTs; a 429 is waited out for a second and retried. */
export async function send(url: string, method: string, token: string, body: unknown): Promise<unknown> {
  for (let attempt = 0; ; attempt += 1) {
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        'content-type': 'application/json',
        // The IntelliTrack contract requires a key on every POST; a fresh one per call, as its docs show.
        ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status === 429 && attempt < 300) {
      // What a plain client does when throttled: wait a moment and try again.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    if (!res.ok) throw new Error(`${method} ${new URL(url).pathname}: ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  }
}
