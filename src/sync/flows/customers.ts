import { NotFoundError } from '../../core/errors.js';
import type { Customer as ItCustomer } from '../../intellitrack/schemas/party.js';
import { contentHash } from '../../mappers/index.js';
import { type Flow, type FlowContext, runMapper } from '../context.js';
import { CUSTOMER_MODEL } from '../merge/customer-model.js';
import { inactivateInQbo, isDeleted } from '../merge/deletion.js';
import { planTwoWay } from '../merge/plan-record.js';
import { retryTwoWay } from '../merge/retry.js';
import type { PlanStep, QboWriteStep } from '../plan/steps.js';
import type { FailedRecord } from '../state/store.js';
import { collectDrift } from './master/drift.js';
import { deactivations, planQboPage, readQboChanges, retryMaster } from './master/flow.js';
import { type MasterRun, type MasterSpec, newMasterRun } from './master/record.js';
import { failRecord } from './shared.js';

/** QBO Customers into IntelliTrack. */
export const CUSTOMER_SPEC: MasterSpec<'Customer', 'customers'> = {
  entity: 'customer',
  resource: 'customers',
  qboEntity: 'Customer',
  prefix: 'cust',
  query: { entity: 'Customer', includeInactive: true },
  keep: () => true,
  toIt: (ctx, customer) => runMapper(ctx, 'customer', customer),
  createInactive: false,
  matchFields: ['companyName'],
  twoWay: CUSTOMER_MODEL,
};

function customerCreate(
  ctx: FlowContext,
  record: ItCustomer,
  body: Record<string, unknown>,
  hash: string,
): QboWriteStep {
  const itId = String(record.id);
  return {
    kind: 'qbo.create',
    key: `cust:${itId}:create`,
    entity: 'customer',
    sourceId: itId,
    action: 'create',
    summary: `create QBO Customer from IntelliTrack customer ${itId}`,
    qboEntity: 'Customer',
    body,
    link: {
      entity: 'customer',
      origin: 'intellitrack',
      itId,
      itHash: hash,
      itVersion: Number(record.version),
      data: { base: CUSTOMER_MODEL.itValues(ctx, record), pending: {}, decisions: {} },
    },
    followUps: [{ kind: 'it.setExternalRef', key: `cust:${itId}:ref`, resource: 'customers', itId }],
  };
}

/**
 * The QBO create for one unlinked IntelliTrack-originated customer (then IntelliTrack gets the new
 * QBO id as its external reference). Linked customers are merged field by field instead.
 */
export async function planItCustomer(
  ctx: FlowContext,
  record: ItCustomer,
  run?: MasterRun<'customers'>,
): Promise<QboWriteStep | undefined> {
  const itId = String(record.id);
  const name = typeof record.companyName === 'string' ? record.companyName : '';
  // A QBO customer with the same name was matched to this record in this run: QBO's side wins.
  if (run?.claimed.has('companyName', name)) return undefined;
  let body: Record<string, unknown>;
  try {
    body = runMapper(ctx, 'customerToQbo', record);
  } catch (error) {
    await failRecord(ctx, { entity: 'customer', side: 'intellitrack', sourceId: itId }, error);
    return undefined;
  }
  return customerCreate(ctx, record, body, contentHash(body));
}

/**
 * IntelliTrack's side of customers: linked customers changed only there are merged, customers
 * deleted there are made inactive in QBO, and new IntelliTrack-originated customers are created.
 */
async function* itToQbo(ctx: FlowContext, run: MasterRun<'customers'>): AsyncIterable<PlanStep[]> {
  const steps: PlanStep[] = [];
  // Linked customers changed only in IntelliTrack (those QBO changed too were merged with QBO's page).
  for (const { link, record } of run.itChanged.values()) {
    ctx.report.count('customer', 'read');
    steps.push(...(await planTwoWay(ctx, CUSTOMER_MODEL, { link, it: record })));
  }
  run.itChanged.clear();
  for (const { link, deletedAt } of run.itDeleted.splice(0)) {
    if (!isDeleted(link)) steps.push(inactivateInQbo(link, deletedAt));
  }
  for (const record of run.itOriginated) {
    ctx.report.count('customer', 'read');
    const step = await planItCustomer(ctx, record, run);
    if (step) steps.push(step);
  }
  run.itOriginated.length = 0;
  yield steps;
}

async function retryCustomer(ctx: FlowContext, failed: FailedRecord): Promise<PlanStep[]> {
  const link =
    failed.side === 'qbo'
      ? await ctx.store.getLinkByQboId('customer', failed.sourceId)
      : await ctx.store.getLinkByItId('customer', failed.sourceId);
  if (link) return retryTwoWay(ctx, CUSTOMER_MODEL, link);
  if (failed.side === 'qbo') return retryMaster(ctx, CUSTOMER_SPEC, failed);
  try {
    const record = await ctx.it.get('customers', failed.sourceId, ctx.signal ? { signal: ctx.signal } : {});
    const step = await planItCustomer(ctx, record);
    return step ? [step] : [];
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

/** The customers flow, both ways: read → decide → write, a page at a time. */
async function* planCustomers(ctx: FlowContext, watermarks: Record<string, string>): AsyncIterable<PlanStep[]> {
  const run = newMasterRun(ctx, CUSTOMER_SPEC);
  // 1. Read IntelliTrack's customer feed: changed, deleted and new customers are kept for the merge.
  await collectDrift(ctx, CUSTOMER_SPEC, run, watermarks);
  // 2. Read QBO's customer changes; decide and write each (a linked one merged field by field).
  const read = await readQboChanges(ctx, CUSTOMER_SPEC);
  for await (const page of read.pages)
    yield* planQboPage(ctx, { spec: CUSTOMER_SPEC, run, progress: read.progress }, page);
  // 3. Customers QBO deleted are made inactive in IntelliTrack (there is no drift: both sides merge).
  yield await deactivations(ctx, CUSTOMER_SPEC, read.deleted);
  // 4. IntelliTrack's own changes go to QBO: merges, deactivations and new customers.
  yield* itToQbo(ctx, run);
  watermarks[read.watermark.key] = read.watermark.value;
}

/**
 * `syncCustomers`: both ways. New QBO customers -> IntelliTrack; new IntelliTrack-originated
 * customers -> QBO (a duplicate display name is a conflict in the report, not a crash). Linked
 * customers are merged field by field whichever side they came from; a customer deleted on one side
 * is made inactive on the other.
 */
export const customersFlow: Flow = {
  name: 'customers',
  entity: 'customer',
  qboEntities: ['Customer'],
  plan: planCustomers,
  retry: retryCustomer,
};
