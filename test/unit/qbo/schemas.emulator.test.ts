import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QboEntityName } from '../../../src/qbo/api.js';
import { select, toQueryString } from '../../../src/qbo/query.js';
import {
  CdcResponseSchema,
  DeletedRecordSchema,
  entityArrays,
  entitySchemas,
  QueryResponseEnvelopeSchema,
} from '../../../src/qbo/schemas/index.js';
import { type QboEmulator, startQboEmulator } from '../../../src/testing/qbo/index.js';

/**
 * The emulator answers from Intuit's documentation and recorded payloads, not from these schemas;
 * every record it returns must still pass them, over real HTTP on 127.0.0.1.
 */

let qbo: QboEmulator;
let token: string;

async function get(path: string): Promise<unknown> {
  const res = await fetch(`${qbo.baseUrl}/v3/company/${qbo.realmId}/${path}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  qbo = await startQboEmulator({ seed: 3, limits: false });
  qbo.data.seedCompany({ items: 40, vendors: 6, customers: 6, purchaseOrders: 4, estimates: 4 });
  token = qbo.issueAccessToken();
});

afterAll(async () => {
  await qbo?.close();
});

const ENTITIES = Object.keys(entitySchemas) as QboEntityName[];

describe('emulator records pass the entity schemas', () => {
  it.each(ENTITIES)('%s (active and inactive)', async (entity) => {
    const query = toQueryString(select(entity).includeInactive().toSpec(), { startPosition: 1, maxResults: 1000 });
    const body = QueryResponseEnvelopeSchema.parse(await get(`query?query=${encodeURIComponent(query)}`));
    const records = entityArrays(body.QueryResponse)[entity] ?? [];
    for (const record of records) {
      const result = entitySchemas[entity].safeParse(record);
      expect(result.error?.issues ?? [], `${entity} ${(record as { Id?: string }).Id}`).toEqual([]);
    }
  });

  it('returned the seeded data', async () => {
    const count = async (entity: QboEntityName) => {
      const text = toQueryString(select(entity).includeInactive().toSpec(), { count: true });
      return QueryResponseEnvelopeSchema.parse(await get(`query?query=${encodeURIComponent(text)}`)).QueryResponse
        .totalCount;
    };
    expect(await count('Item')).toBeGreaterThanOrEqual(40);
    expect(await count('PurchaseOrder')).toBeGreaterThanOrEqual(4);
    expect(await count('Estimate')).toBeGreaterThanOrEqual(4);
  });

  it('CDC answers parse, deletions included', async () => {
    const [victim] = qbo.data.list('PurchaseOrder');
    expect(victim).toBeDefined();
    qbo.data.delete('PurchaseOrder', String(victim?.Id));
    const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    const body = CdcResponseSchema.parse(await get(`cdc?entities=PurchaseOrder,Item&changedSince=${since}`));
    const byEntity = body.CDCResponse.flatMap((c) => c.QueryResponse ?? []).map(entityArrays);
    const orders = byEntity.flatMap((arrays) => arrays.PurchaseOrder ?? []);
    const deleted = orders.filter((o) => (o as { status?: string }).status === 'Deleted');
    expect(deleted.map((d) => DeletedRecordSchema.parse(d).Id)).toEqual([String(victim?.Id)]);
    for (const order of orders.filter((o) => !deleted.includes(o))) entitySchemas.PurchaseOrder.parse(order);
  });
});
