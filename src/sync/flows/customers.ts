import { NotFoundError } from '../../core/errors.js';
import { contentHash } from '../../mappers/index.js';
import { type Flow, type FlowContext, runMapper } from '../context.js';
import { shortDigest } from '../journal.js';
import type { PlanStep, QboWriteStep } from '../plan.js';
import type { FailedRecord, Link } from '../store.js';
import type { MasterRun, MasterSpec } from './master.js';
import { planMaster, retryMaster } from './master-flow.js';
import { failRecord } from './shared.js';

/** QBO Customers into IntelliTrack. */
export const CUSTOMER_SPEC: MasterSpec = {
  entity: 'customer',
  resource: 'customers',
  qboEntity: 'Customer',
  prefix: 'cust',
  query: { entity: 'Customer', includeInactive: true },
  keep: () => true,
  mapper: 'customer',
  createInactive: false,
  matchFields: ['companyName'],
};

function customerUpdate(itId: string, body: Record<string, unknown>, hash: string, link: Link): QboWriteStep {
  return {
    kind: 'qbo.update',
    key: `cust:${itId}:update:${shortDigest(hash)}`,
    entity: 'customer',
    sourceId: itId,
    action: 'update',
    summary: `update QBO Customer ${link.qboId} from IntelliTrack customer ${itId}`,
    qboEntity: 'Customer',
    body: { ...body, Id: link.qboId, SyncToken: link.qboSyncToken ?? '0', sparse: true },
    link: { entity: 'customer', origin: 'intellitrack', qboId: link.qboId, itId, itHash: hash },
  };
}

function customerCreate(record: Record<string, unknown>, body: Record<string, unknown>, hash: string): QboWriteStep {
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
    link: { entity: 'customer', origin: 'intellitrack', itId, itHash: hash, itVersion: Number(record.version) },
    followUps: [{ kind: 'it.setExternalRef', key: `cust:${itId}:ref`, resource: 'customers', itId }],
  };
}

/**
 * The QBO write for one IntelliTrack-originated customer: a create (then IntelliTrack gets the new
 * QBO id as its external reference) or, once linked, a sparse update when its content changed.
 */
export async function planItCustomer(
  ctx: FlowContext,
  record: Record<string, unknown>,
  run?: MasterRun,
): Promise<QboWriteStep | undefined> {
  const itId = String(record.id);
  const name = typeof record.companyName === 'string' ? record.companyName : '';
  // A QBO customer with the same name was matched to this record in this run: QBO's side wins.
  if (run?.claimed.has('companyName', name)) return undefined;
  let body: Record<string, unknown>;
  try {
    body = runMapper<Record<string, unknown>>(ctx, 'customerToQbo', record);
  } catch (error) {
    await failRecord(ctx, { entity: 'customer', side: 'intellitrack', sourceId: itId }, error);
    return undefined;
  }
  const hash = contentHash(body);
  const link = await ctx.store.getLinkByItId('customer', itId);
  if (link && link.origin !== 'intellitrack') return undefined;
  if (link?.itHash === hash) {
    ctx.report.count('customer', 'unchanged');
    return undefined;
  }
  return link ? customerUpdate(itId, body, hash, link) : customerCreate(record, body, hash);
}

async function* itToQbo(ctx: FlowContext, run: MasterRun): AsyncIterable<PlanStep[]> {
  const steps: PlanStep[] = [];
  for (const record of run.itOriginated) {
    ctx.report.count('customer', 'read');
    const step = await planItCustomer(ctx, record, run);
    if (step) steps.push(step);
  }
  run.itOriginated.length = 0;
  yield steps;
}

async function retryCustomer(ctx: FlowContext, failed: FailedRecord): Promise<PlanStep[]> {
  if (failed.side === 'qbo') return retryMaster(ctx, CUSTOMER_SPEC, failed);
  try {
    const record = await ctx.it.get('customers', failed.sourceId, ctx.signal ? { signal: ctx.signal } : {});
    const step = await planItCustomer(ctx, record as unknown as Record<string, unknown>);
    return step ? [step] : [];
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

/**
 * `syncCustomers`: both ways. QBO customers -> IntelliTrack (like vendors); IntelliTrack-originated
 * customers -> created in QBO (a duplicate display name is a conflict in the report, not a crash).
 */
export const customersFlow: Flow = {
  name: 'customers',
  entity: 'customer',
  qboEntities: ['Customer'],
  plan: (ctx, watermarks) => planMaster(ctx, CUSTOMER_SPEC, watermarks, { afterQbo: (run) => itToQbo(ctx, run) }),
  retry: retryCustomer,
};
