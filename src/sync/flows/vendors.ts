import type { Flow } from '../context.js';
import { planMaster, retryMaster } from './master/flow.js';
import type { MasterSpec } from './master/record.js';

/** QBO Vendors into IntelliTrack (field by field, per the plugin's "Customer and Vendor Setup"). */
export const VENDOR_SPEC: MasterSpec = {
  entity: 'vendor',
  resource: 'vendors',
  qboEntity: 'Vendor',
  prefix: 'vendor',
  query: { entity: 'Vendor', includeInactive: true },
  keep: () => true,
  mapper: 'vendor',
  createInactive: false,
  matchFields: ['companyName'],
};

/**
 * `syncVendors`: QBO -> IntelliTrack. Active vendors are created; a linked vendor made inactive in
 * QBO becomes inactive in IntelliTrack; IntelliTrack edits are drift.
 */
export const vendorsFlow: Flow = {
  name: 'vendors',
  entity: 'vendor',
  qboEntities: ['Vendor'],
  plan: (ctx, watermarks) => planMaster(ctx, VENDOR_SPEC, watermarks),
  retry: (ctx, failed) => retryMaster(ctx, VENDOR_SPEC, failed),
};
