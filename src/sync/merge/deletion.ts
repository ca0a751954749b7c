import type { QboWriteStep } from '../plan/steps.js';
import type { Link } from '../state/store.js';
import { sourceIdOf, twoWayState } from './link-state.js';

/** Link data of a record deleted on one side: the flag, and `active: false` as the last synced value. */
export function deletedData(link: Link, flag: 'deletedInQbo' | 'deletedInIntelliTrack'): Record<string, unknown> {
  const base = twoWayState(link).base;
  return { [flag]: true, ...(base ? { base: { ...base, active: false } } : {}) };
}

/** True when the record behind a two-way link was deleted on one side (it is left alone from then on). */
export function isDeleted(link: Link): boolean {
  return link.data.deletedInIntelliTrack === true || link.data.deletedInQbo === true;
}

/**
 * A customer deleted in IntelliTrack: QBO cannot delete names, so its QBO Customer is made inactive
 * (a sparse update with the SyncToken last seen; a stale one is re-read once).
 */
export function inactivateInQbo(link: Link, deletedAt: string): QboWriteStep {
  const id = sourceIdOf(link);
  return {
    kind: 'qbo.update',
    key: `cust:${id}:deleted`,
    entity: 'customer',
    sourceId: id,
    action: 'update',
    summary: `make QBO Customer ${link.qboId} inactive: IntelliTrack customer ${link.itId} was deleted at ${deletedAt}`,
    qboEntity: 'Customer',
    body: { Id: link.qboId, SyncToken: link.qboSyncToken ?? '0', sparse: true, Active: false },
    link: {
      entity: 'customer',
      origin: link.origin,
      qboId: link.qboId,
      itId: link.itId,
      data: deletedData(link, 'deletedInIntelliTrack'),
    },
  };
}
