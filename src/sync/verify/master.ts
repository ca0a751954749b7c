/** Master data (items, vendors, customers) compared: links, one-sided records, field differences. */

import type { ItResource } from '../../intellitrack/api.js';
import { diffFields } from '../../mappers/index.js';
import type { QboEntityName, QuerySpec } from '../../qbo/api.js';
import { mappedOf, project } from '../state/links.js';
import type { Link, StateStore, SyncEntity } from '../state/store.js';
import { text } from './reads.js';
import type { OneSidedRecord, RecordDifference, VerifyFlowReport } from './types.js';

type Rec = Record<string, unknown>;

/** How one master-data flow is read on each side. */
export interface MasterVerifySpec {
  flow: VerifyFlowReport['flow'];
  entity: SyncEntity;
  query: QuerySpec<QboEntityName>;
  resource: ItResource;
  /** The IntelliTrack field that names a record. */
  itName: string;
}

/** The master-data flows verify compares. */
export const MASTER_SPECS: readonly MasterVerifySpec[] = [
  {
    flow: 'items',
    entity: 'item',
    query: { entity: 'Item', where: [{ field: 'Type', operator: '=', value: 'Inventory' }], includeInactive: true },
    resource: 'items',
    itName: 'itemNumber',
  },
  {
    flow: 'vendors',
    entity: 'vendor',
    query: { entity: 'Vendor', includeInactive: true },
    resource: 'vendors',
    itName: 'companyName',
  },
  {
    flow: 'customers',
    entity: 'customer',
    query: { entity: 'Customer', includeInactive: true },
    resource: 'customers',
    itName: 'companyName',
  },
];

function qboName(record: Rec): string {
  return text(record, 'FullyQualifiedName') || text(record, 'DisplayName') || text(record, 'Name');
}

/** The difference of a linked pair, or undefined when they agree (the drift check of a run). */
function differenceOf(link: Link, qbo: Rec, it: Rec): RecordDifference | undefined {
  const mapped = mappedOf(link);
  const fields = mapped
    ? diffFields(mapped, project(it, mapped)).map((d) => ({ field: d.path, expected: d.before, actual: d.after }))
    : [];
  const changedInQbo = link.origin === 'qbo' && link.qboSyncToken !== text(qbo, 'SyncToken');
  if (fields.length === 0 && !changedInQbo) return undefined;
  return { qboId: link.qboId, itKey: link.itId, fields, changedInQbo };
}

/**
 * Compares QBO records and IntelliTrack records of one flow through the store's links (store reads
 * only; the records were read in bulk).
 */
export async function compareMaster(
  store: StateStore,
  spec: MasterVerifySpec,
  qboRecords: readonly Rec[],
  itRecords: readonly Rec[],
): Promise<VerifyFlowReport> {
  const itById = new Map(itRecords.map((r) => [text(r, 'id'), r]));
  const report: VerifyFlowReport = { flow: spec.flow, linked: 0, oneSided: [], differences: [] };
  const qboSide = (id: string, name: string, note: string): OneSidedRecord => ({ side: 'qbo', id, name, note });
  for (const record of qboRecords) {
    const id = text(record, 'Id');
    const link = await store.getLinkByQboId(spec.entity, id);
    if (!link) {
      if (record.Active !== false) report.oneSided.push(qboSide(id, qboName(record), 'not linked'));
      continue;
    }
    const it = itById.get(link.itId);
    itById.delete(link.itId);
    if (!it) {
      report.oneSided.push(qboSide(id, qboName(record), `linked to IntelliTrack ${link.itId}, missing there`));
      continue;
    }
    report.linked += 1;
    const difference = differenceOf(link, record, it);
    if (difference) report.differences.push(difference);
  }
  for (const [id, it] of itById) {
    const link = await store.getLinkByItId(spec.entity, id);
    const note = link ? `linked to QBO ${link.qboId}, missing there` : 'not linked';
    if (link || it.active !== false)
      report.oneSided.push({ side: 'intellitrack', id, name: text(it, spec.itName), note });
  }
  return report;
}
