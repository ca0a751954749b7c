import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, inventoryItem, type Json, startTestQbo, type TestQbo } from './helpers.js';
import { keysOf, missingKeys, sharedKindMismatches } from './shape.js';

let t: TestQbo | undefined;
afterEach(async () => {
  await t?.qbo.close();
  t = undefined;
});

function fixtureText(name: string): string {
  return readFileSync(new URL(`../../fixtures/qbo/${name}`, import.meta.url), 'utf8');
}

/** The child element names of the first element of a recorded XML entity (`<Estimate>…</Estimate>`). */
function xmlKeys(name: string, entity: string): string[] {
  const body = new RegExp(`<${entity}\\b[^>]*>([\\s\\S]*?)</${entity}>`).exec(fixtureText(name))?.[1] ?? '';
  const keys = new Set<string>();
  let depth = 0;
  for (const m of body.matchAll(/<(\/?)(\w+)([^>]*?)(\/?)>/g)) {
    if (m[1] === '/') depth -= 1;
    else {
      if (depth === 0) keys.add(m[2] as string);
      if (m[4] !== '/') depth += 1;
    }
  }
  return [...keys];
}

async function tokenError(qbo: TestQbo['qbo']): Promise<{ status: number; body: Json }> {
  const auth = `Basic ${Buffer.from(`${qbo.oauth.clientId}:${qbo.oauth.clientSecret}`).toString('base64')}`;
  const res = await fetch(qbo.oauth.tokenEndpoint, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'RT1-unknown' }),
  });
  return { status: res.status, body: await res.json() };
}

describe('emulator error answers have the structure of the recorded QBO answers', () => {
  it('401: lower-case envelope as recorded, with the recorded WWW-Authenticate header', async () => {
    t = await startTestQbo();
    const res = await t.get('/preferences', { authorization: 'Bearer eyJexpired.token' });
    const recorded = fixture('fault-authentication-3200-401-lowercase-qbo-api.json');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="Intuit", error="invalid_token"');
    expect(keysOf(res.body)).toEqual(keysOf(recorded));
    expect(keysOf(res.body.fault.error[0])).toEqual(keysOf(recorded.fault.error[0]));
    expect(res.body.fault.error[0].message).toBe(recorded.fault.error[0].message);
    expect(sharedKindMismatches(res.body, recorded)).toEqual([]);
  });

  it('403: lower-case envelope with detail null (code 3100)', async () => {
    t = await startTestQbo();
    const other = t.qbo.addRealm();
    const res = await fetch(`${t.qbo.baseUrl}/v3/company/${other.realmId}/preferences`, {
      headers: { authorization: `Bearer ${t.token}` },
    });
    const body: Json = await res.json();
    const recorded = fixture('fault-authorization-3100-403-lowercase-reconstructed.json');
    expect(res.status).toBe(403);
    expect(keysOf(body)).toEqual(keysOf(recorded));
    expect(body.fault).toEqual(recorded.fault);
  });

  it('429: XML ThrottleExceeded by default, as recorded', async () => {
    t = await startTestQbo();
    t.qbo.faults.enqueue({ type: 'throttle' });
    const res = await t.get('/preferences');
    expect(res.status).toBe(429);
    const withoutTime = (xml: string) => xml.replace(/time="[^"]*"/, 'time=""').trim();
    expect(withoutTime(res.body)).toBe(withoutTime(fixtureText('fault-throttle-3001-429-quickbooks-ruby.xml')));
  });

  it('5010: stale object with element "" and the recorded message', async () => {
    t = await startTestQbo();
    const v = (await t.post('/vendor', { DisplayName: 'Stale' })).body.Vendor;
    await t.post('/vendor', { Id: v.Id, SyncToken: '0', sparse: true, AcctNum: '1' });
    const res = await t.post('/vendor', { Id: v.Id, SyncToken: '0', sparse: true, AcctNum: '2' });
    const recorded = fixture('fault-stale-object-5010-reconstructed.json');
    expect(keysOf(res.body)).toEqual(keysOf(recorded));
    expect(res.body.Fault.Error).toEqual(recorded.Fault.Error);
  });

  it('invalid_grant carries error_description, as recorded', async () => {
    t = await startTestQbo();
    const res = await tokenError(t.qbo);
    const recorded = fixture('token-response-error-invalid-grant-wrapped-oauth-jsclient.json');
    expect(res.status).toBe(recorded.response.status);
    expect(keysOf(res.body)).toEqual(keysOf(recorded.json));
    expect(res.body.error).toBe('invalid_grant');
  });
});

describe('emulator records have the structure of the recorded QBO records', () => {
  it('Estimate and Invoice carry the fields QBO always sends (TxnTaxDetail, statuses, payment flags)', async () => {
    t = await startTestQbo();
    const item = (await t.post('/item', inventoryItem(t.qbo, 'Widget', 10))).body.Item;
    const cust = (await t.post('/customer', { DisplayName: 'Buyer' })).body.Customer;
    const line = {
      Amount: 20,
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: { ItemRef: { value: item.Id } },
    };
    const estimate = (await t.post('/estimate', { CustomerRef: { value: cust.Id }, Line: [line] })).body.Estimate;
    // Fields the recorded estimate has only because its request set them.
    const fromRequest = ['AcceptedBy', 'AcceptedDate', 'BillAddr', 'BillEmail', 'CustomField', 'CustomerMemo'];
    const expected = xmlKeys('estimate-quickbooks-ruby.xml', 'Estimate').filter(
      (k) => ![...fromRequest, 'ExpirationDate', 'ShipAddr'].includes(k),
    );
    expect(expected.filter((k) => !(k in estimate))).toEqual([]);
    const invoice = (await t.post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line] })).body;
    const recorded = fixture('invoice-create-response-qbo-api.json');
    expect(missingKeys(invoice.Invoice, recorded.Invoice)).toEqual(['CustomField', 'BillAddr', 'ShipAddr']);
    expect(sharedKindMismatches(invoice, recorded)).toEqual([]);
  });

  it('a top-level item has no SubItem or Level, as recorded; a sub-item has both', async () => {
    t = await startTestQbo();
    const top = (await t.post('/item', inventoryItem(t.qbo, 'Hardware', 1))).body.Item;
    const recorded = xmlKeys('item-read-quickbooks-ruby.xml', 'Item');
    expect(recorded).not.toContain('SubItem');
    expect('SubItem' in top || 'Level' in top).toBe(false);
    const child = (
      await t.post('/item', inventoryItem(t.qbo, 'Screw', 1, { SubItem: true, ParentRef: { value: top.Id } }))
    ).body.Item;
    expect(child).toMatchObject({ SubItem: true, Level: 1 });
  });

  it('CDC query responses hold only the entity list, as recorded', async () => {
    t = await startTestQbo();
    await t.post('/customer', { DisplayName: 'Changed' });
    const since = encodeURIComponent(new Date(Date.now() - 60_000).toISOString());
    const cdc = (await t.get(`/cdc?entities=Customer,Vendor&changedSince=${since}`)).body;
    const recorded = fixture('cdc-response-deposit-java-sdk.json');
    expect(keysOf(cdc)).toEqual(keysOf(recorded));
    expect(keysOf(cdc.CDCResponse[0].QueryResponse[0])).toEqual(['Customer']);
    expect(keysOf(recorded.CDCResponse[0].QueryResponse[0])).toEqual(['Deposit']);
    expect(cdc.CDCResponse[0].QueryResponse[1]).toEqual({});
  });
});
