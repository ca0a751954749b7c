import { type Flow, type FlowContext, runMapper } from '../context.js';
import type { PlanStep } from '../plan/steps.js';
import { collectDrift, driftSteps } from './master/drift.js';
import { deactivations, planQboPage, readQboChanges, retryMaster } from './master/flow.js';
import { type MasterSpec, newMasterRun } from './master/record.js';

/** QBO Vendors into IntelliTrack (field by field, per the plugin's "Customer and Vendor Setup"). */
export const VENDOR_SPEC: MasterSpec<'Vendor', 'vendors'> = {
  entity: 'vendor',
  resource: 'vendors',
  qboEntity: 'Vendor',
  prefix: 'vendor',
  query: { entity: 'Vendor', includeInactive: true },
  keep: () => true,
  toIt: (ctx, vendor) => runMapper(ctx, 'vendor', vendor),
  createInactive: false,
  matchFields: ['companyName'],
};

/** The vendors flow, read → decide → write, a page at a time. */
async function* planVendors(ctx: FlowContext, watermarks: Record<string, string>): AsyncIterable<PlanStep[]> {
  const run = newMasterRun(ctx, VENDOR_SPEC);
  // 1. Read IntelliTrack's vendor feed: IntelliTrack edits of QBO-owned vendors are drift.
  await collectDrift(ctx, VENDOR_SPEC, run, watermarks);
  // 2. Read QBO's vendor changes, then decide and write each: create, match by name, or update.
  const read = await readQboChanges(ctx, VENDOR_SPEC);
  for await (const page of read.pages)
    yield* planQboPage(ctx, { spec: VENDOR_SPEC, run, progress: read.progress }, page);
  // 3. Write QBO's values back over drift QBO did not touch (policy `overwrite`); deactivate deleted vendors.
  yield driftSteps(VENDOR_SPEC, run);
  yield await deactivations(ctx, VENDOR_SPEC, read.deleted);
  watermarks[read.watermark.key] = read.watermark.value;
}

/**
 * `syncVendors`: QBO -> IntelliTrack. Active vendors are created; a linked vendor made inactive in
 * QBO becomes inactive in IntelliTrack; IntelliTrack edits are drift.
 */
export const vendorsFlow: Flow = {
  name: 'vendors',
  entity: 'vendor',
  qboEntities: ['Vendor'],
  plan: planVendors,
  retry: (ctx, failed) => retryMaster(ctx, VENDOR_SPEC, failed),
};
