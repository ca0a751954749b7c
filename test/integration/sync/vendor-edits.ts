/** A vendor edited in QBO, and its name as IntelliTrack holds it: what the QBO read tests watch. */
import type { World } from './harness.js';

/** Renames the `index`th vendor in QBO through the client (with webhooks on, the emulator queues its notification); its id. */
export async function renameVendor(w: World, index: number, name: string): Promise<string> {
  const vendor = w.qboEmu.data.list('Vendor')[index];
  if (!vendor) throw new Error('seed has no vendor');
  await w.qbo.update('Vendor', { Id: vendor.Id, SyncToken: vendor.SyncToken, sparse: true, DisplayName: name });
  return String(vendor.Id);
}

/** The company name IntelliTrack holds for the vendor linked to QBO vendor `qboId`. */
export function itVendorName(w: World, qboId: string): unknown {
  return w.itEmu.data.list('vendors').find((v) => v.externalRef === qboId)?.companyName;
}
