import type { World } from './harness.js';

/** Stock for every line of a picking order, so picking can take it. */
export async function stockFor(w: World, orderId: string): Promise<void> {
  const order = w.itEmu.data.get('picking-orders', orderId);
  const site = w.itEmu.data.list('sites')[0];
  if (!order || !site?.defaultLocationId) throw new Error('no order or site');
  for (const line of order.lines) {
    await w.it.loadInventory(
      { itemId: line.itemId, siteId: site.id, locationId: site.defaultLocationId, quantity: 1000, mode: 'set' },
      { idempotencyKey: `stock-${line.itemId}` },
    );
  }
}
