import type { QboApi } from '../../../src/qbo/api.js';
import type { QboClient } from '../../../src/qbo/client.js';
import type { QboEmulator } from '../../../src/testing/index.js';

/** The methods of `api` as plain functions, so a test can replace some of them. */
export function bound(api: QboClient): QboApi {
  return {
    realmId: api.realmId,
    read: (...a) => api.read(...a),
    create: (...a) => api.create(...a),
    update: (...a) => api.update(...a),
    delete: (...a) => api.delete(...a),
    pages: (...a) => api.pages(...a),
    count: (...a) => api.count(...a),
    batch: (...a) => api.batch(...a),
    changes: (...a) => api.changes(...a),
  };
}

/** Creates an Inventory item in the emulated company, with the accounts of a seeded one; returns its id. */
export function addInventoryItem(qbo: QboEmulator, name: string, quantity: number): string {
  const template = qbo.data.list('Item').find((i) => i.Type === 'Inventory' && i.Active !== false);
  if (!template) throw new Error('no inventory item seeded');
  return qbo.data.create('Item', {
    Name: name,
    Type: 'Inventory',
    TrackQtyOnHand: true,
    QtyOnHand: quantity,
    InvStartDate: '2026-01-01',
    IncomeAccountRef: template.IncomeAccountRef,
    ExpenseAccountRef: template.ExpenseAccountRef,
    AssetAccountRef: template.AssetAccountRef,
  }).Id;
}

/** From now on, the emulator's `read` and `query` calls: call the returned function to get them. */
export function readsFrom(qbo: QboEmulator): () => { read: number; query: number } {
  const read = qbo.requests.count('read');
  const query = qbo.requests.count('query');
  return () => ({ read: qbo.requests.count('read') - read, query: qbo.requests.count('query') - query });
}

/** `api` that runs `race` once, just before its first write (a single update or a batch) is sent. */
export function racingQbo(api: QboApi, race: () => void): QboApi {
  let pending = true;
  const raceOnce = (): void => {
    if (pending) race();
    pending = false;
  };
  return {
    ...api,
    update: (...a) => {
      raceOnce();
      return api.update(...a);
    },
    batch: (...a) => {
      raceOnce();
      return api.batch(...a);
    },
  };
}

/** A sparse update of a QBO customer in the emulator, as a bookkeeper's edit. */
export function editQboCustomer(qbo: QboEmulator, id: string, patch: Record<string, unknown>): void {
  const current = qbo.data.get('Customer', id);
  qbo.data.update('Customer', { Id: id, SyncToken: current?.SyncToken, sparse: true, ...patch });
}
