import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from './harness.js';
import { COMPANY } from './scenario.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('a vendor or customer made inactive in QBO', () => {
  it.each([
    { entity: 'Vendor' as const, resource: 'vendors' as const, flow: 'syncVendors' as const },
    { entity: 'Customer' as const, resource: 'customers' as const, flow: 'syncCustomers' as const },
  ])(
    'keeps its IntelliTrack name: QBO\'s " (deleted)" marker is not carried over ($entity)',
    async ({ entity, resource, flow }) => {
      const w = await startWorld({ company: COMPANY });
      world = w;
      await w.sync[flow]();
      const linked = w.itEmu.data.list(resource).find((r) => r.externalRef !== null && r.active);
      if (!linked) throw new Error(`no linked ${resource}`);
      const name = linked.companyName;
      const qboId = String(linked.externalRef);
      const current = w.qboEmu.data.get(entity, qboId);
      w.qboEmu.data.update(entity, { Id: qboId, SyncToken: current?.SyncToken, sparse: true, Active: false });
      expect(String(w.qboEmu.data.get(entity, qboId)?.DisplayName)).toMatch(/ \(deleted\)$/);
      await w.sync[flow]();
      const after = w.itEmu.data.get(resource, linked.id);
      expect(after?.active).toBe(false);
      expect(after?.companyName).toBe(name);
    },
  );
});
