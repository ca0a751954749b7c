/**
 * What happens in each fleet realm between syncs, the same in the fleet and in its single-process
 * reference: a customer's phone changes in QBO (QBO sends a webhook) and the warehouse receives a
 * purchase order in IntelliTrack (the next scheduled sync picks it up).
 */
import type { RealmWorld } from '../integration/worker/realm-world.js';

/** Applies the changes to realm `w`. */
export function realmChanges(w: RealmWorld): void {
  const customer = w.qboEmu.data.list('Customer').sort((a, b) => String(a.Id).localeCompare(String(b.Id)))[0];
  if (customer) {
    w.qboEmu.data.update('Customer', {
      Id: customer.Id,
      SyncToken: customer.SyncToken,
      sparse: true,
      PrimaryPhone: { FreeFormNumber: `(555) 010-${String(customer.Id).padStart(4, '0')}` },
    });
  }
  const order = w.itEmu.data.list('receiving-orders').sort((a, b) => a.orderNumber.localeCompare(b.orderNumber))[0];
  if (order) w.itEmu.simulate.receive(order.id);
}
