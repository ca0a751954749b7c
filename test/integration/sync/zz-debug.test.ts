import { it } from 'vitest';
import { formatReport } from '../../../src/sync/report.js';
import { startWorld } from './harness.js';

it('debug', async () => {
  const w = await startWorld({
    company: { items: 12, vendors: 3, customers: 3, purchaseOrders: 3, estimates: 4, seed: 11 },
    seed: 5,
  });
  const inv = () =>
    w.itEmu.data
      .list('inventory')
      .map((r) => `${r.itemId}:${r.onHand}`)
      .join(' ');
  await w.sync.syncAll();
  console.log('after1', inv());
  for (const order of w.itEmu.data.list('receiving-orders').slice(0, 2)) w.itEmu.simulate.receive(order.id);
  console.log('recv', inv());
  const stocked = w.itEmu.data.list('inventory').filter((r) => r.onHand >= 1);
  for (const [i, r] of stocked.slice(0, 3).entries()) w.itEmu.simulate.adjust(r.itemId, i % 2 === 0 ? -1 : 4, 'count');
  console.log('adj', inv());
  const r2 = await w.sync.syncAll();
  console.log(formatReport(r2));
  console.log('after2', inv());
  const r3 = await w.sync.syncAll();
  console.log(formatReport(r3), JSON.stringify(r3.entities.inventory));
  console.log('after3', inv());
  await w.close();
});
