import { invalidProperty, requiredMissing } from './fault-bodies.js';
import { resolveEntity } from './query-engine.js';
import type { RealmStore } from './store.js';
import { parseQboTime } from './time.js';
import type { EmulatedEntity } from './types.js';

/** How far back change data capture reaches (30 days). */
export const CDC_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/** The most objects one CDC answer holds. */
export const CDC_MAX_OBJECTS = 1000;

interface Change {
  entity: EmulatedEntity;
  ms: number;
  id: number;
  body: Record<string, unknown>;
}

function changesOf(store: RealmStore, entity: EmulatedEntity, sinceMs: number): Change[] {
  const table = store.table(entity);
  const out: Change[] = [];
  for (let i = 0; i < table.ids.length; i += 1) {
    const ms = table.times[i] as number;
    if (ms >= sinceMs)
      out.push({ entity, ms, id: Number(table.ids[i]), body: table.rows[i] as Record<string, unknown> });
  }
  for (const t of table.tombstones.values()) {
    if (t.updatedMs < sinceMs) continue;
    const body = { domain: 'QBO', status: 'Deleted', Id: t.Id, MetaData: { LastUpdatedTime: t.LastUpdatedTime } };
    out.push({ entity, ms: t.updatedMs, id: Number(t.Id), body });
  }
  return out;
}

/**
 * `GET /cdc?entities=A,B&changedSince=ISO`: changes at or after `changedSince`, oldest first, at most
 * 1000 objects in all; one QueryResponse per requested entity (`{}` when it has none, no paging
 * numbers); deletions carry
 * only Id and MetaData with `status: "Deleted"`.
 * @throws QboFault 2020 for a missing parameter, 2010 for a bad or too old `changedSince`.
 */
export function runCdc(store: RealmStore, params: URLSearchParams): Record<string, unknown> {
  const entitiesParam = params.get('entities');
  const sinceParam = params.get('changedSince');
  if (!entitiesParam) throw requiredMissing('entities');
  if (!sinceParam) throw requiredMissing('changedSince');
  const sinceMs = parseQboTime(sinceParam);
  if (sinceMs === undefined) throw invalidProperty('changedSince', `changedSince ${sinceParam}`);
  if (store.clock.now() - sinceMs > CDC_MAX_AGE_MS) {
    throw invalidProperty('changedSince', 'changedSince may be at most 30 days in the past');
  }
  const entities = [...new Set(entitiesParam.split(',').map((e) => resolveEntity(e.trim())))];
  const all = entities.flatMap((e) => changesOf(store, e, sinceMs));
  all.sort((a, b) => a.ms - b.ms || a.id - b.id);
  const kept = all.slice(0, CDC_MAX_OBJECTS);
  // As recorded, a CDC query response holds only the entity's list (no paging numbers).
  const QueryResponse = entities.map((entity) => {
    const list = kept.filter((c) => c.entity === entity).map((c) => c.body);
    return list.length === 0 ? {} : { [entity]: list };
  });
  return { CDCResponse: [{ QueryResponse }] };
}
