/**
 * The baseline: the sync as a user of a plain HTTP client would write it. Whole result sets are
 * loaded into memory (QBO queries in pages of 1000, every IntelliTrack list in full), every record is
 * written with a request of its own (no QBO batch), there is no CDC (an incremental run reads
 * everything again and compares), and a 429 is waited out for a second and retried. It uses the
 * SDK's pure mappers, so only the I/O strategy differs from the Synchronizer's.
 */
import { randomUUID } from 'node:crypto';
import type { Adjustment } from '../src/intellitrack/schemas/inventory.js';
import { createMapLookup, defaultMappers, type LinkPair, type MapContext } from '../src/mappers/index.js';
import type { HostReady } from './emulator-host.js';

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

  constructor(ready: HostReady) {
    this.#ready = ready;
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

  /** Every pending IntelliTrack adjustment to QBO, one InventoryAdjustment per request. */
  async exportAdjustments(): Promise<NaiveOutcome> {
    const outcome: NaiveOutcome = { written: 0, failed: 0 };
    const ctx = await this.#context();
    const pending = (await this.#itAll('adjustments', '&exportStatus=pending')) as unknown as Adjustment[];
    for (const adjustment of pending) {
      await this.#count(outcome, async () => {
        const body = defaultMappers.adjustmentsToQbo([adjustment], ctx).value;
        const created = (await this.#qbo('POST', `/inventoryadjustment?requestid=${randomUUID()}`, body)) as Json;
        const id = String((created.InventoryAdjustment as Json | undefined)?.Id ?? '');
        await this.#it('POST', `/adjustments/${adjustment.id}/export`, { externalRef: id });
      });
    }
    return outcome;
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

  async #count(outcome: NaiveOutcome, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
      outcome.written += 1;
    } catch (error) {
      outcome.failed += 1;
      outcome.firstError ??= String(error);
    }
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
    for (let start = 1; ; start += 1000) {
      const q = encodeURIComponent(`${QUERIES[entity]} STARTPOSITION ${start} MAXRESULTS 1000`);
      const body = (await this.#qbo('GET', `/query?query=${q}`)) as { QueryResponse?: Record<string, Json[]> };
      const page = body.QueryResponse?.[entity] ?? [];
      rows.push(...page);
      if (page.length < 1000) return rows;
    }
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

async function send(url: string, method: string, token: string, body: unknown): Promise<unknown> {
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
