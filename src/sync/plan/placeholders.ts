import { MappingError } from '../../core/errors.js';
import type { StateStore, SyncEntity } from '../state/store.js';
import type { LinkSeed, PlanStep } from './steps.js';

/**
 * Planned links: records a plan creates are referenced by later flows of the same plan before they
 * exist. While planning, such a reference is a placeholder id, `@planned:<entity>:<side>:<id>`
 * (e.g. `@planned:vendor:qbo:56`, "the IntelliTrack id of the vendor linked to QBO Vendor 56");
 * applying the plan replaces it with the real id once the step that creates the link has run.
 */

const PREFIX = '@planned:';

type MasterEntity = 'item' | 'vendor' | 'customer';

const MASTER: ReadonlySet<SyncEntity> = new Set<SyncEntity>(['item', 'vendor', 'customer']);

/** A link the plan will make: one of its ids may be a placeholder. */
export interface PlannedLink {
  entity: MasterEntity;
  origin: LinkSeed['origin'];
  qboId: string;
  itId: string;
}

/** The placeholder for the id on the other side of the record `id` known on `side`. */
export function plannedId(entity: MasterEntity, side: 'qbo' | 'it', id: string): string {
  return `${PREFIX}${entity}:${side}:${id}`;
}

/** True when `value` holds a placeholder anywhere (strings, arrays, plain objects). */
export function hasPlanned(value: unknown): boolean {
  if (typeof value === 'string') return value.startsWith(PREFIX);
  if (Array.isArray(value)) return value.some(hasPlanned);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasPlanned);
  return false;
}

/** Links the steps planned so far in a dry run or plan will make, by either id. */
export class PlannedLinks {
  readonly #byQbo = new Map<string, PlannedLink>();
  readonly #byIt = new Map<string, PlannedLink>();

  /** Remembers the link `step` makes, when it makes a master-data link. */
  note(step: PlanStep): void {
    if (!('link' in step) || !MASTER.has(step.link.entity)) return;
    const seed = step.link;
    if (seed.resultField !== undefined || (seed.qboId === undefined && seed.itId === undefined)) return;
    const entity = seed.entity as MasterEntity;
    const planned: PlannedLink = {
      entity,
      origin: seed.origin,
      qboId: seed.qboId ?? plannedId(entity, 'it', seed.itId as string),
      itId: seed.itId ?? plannedId(entity, 'qbo', seed.qboId as string),
    };
    this.#byQbo.set(`${entity}:${planned.qboId}`, planned);
    this.#byIt.set(`${entity}:${planned.itId}`, planned);
  }

  /** The planned link of QBO record `qboId`. */
  byQboId(entity: MasterEntity, qboId: string): PlannedLink | undefined {
    return this.#byQbo.get(`${entity}:${qboId}`);
  }

  /** The planned link of IntelliTrack record `itId`. */
  byItId(entity: MasterEntity, itId: string): PlannedLink | undefined {
    return this.#byIt.get(`${entity}:${itId}`);
  }

  /** Every planned link of `entity`. */
  *list(entity: MasterEntity): Iterable<PlannedLink> {
    for (const link of this.#byQbo.values()) if (link.entity === entity) yield link;
  }
}

/** A step with its placeholders replaced, or the placeholder no link resolves. */
export type Resolved = { step: PlanStep } | { missing: string };

async function realId(store: StateStore, token: string): Promise<string | undefined> {
  const [entity, side, ...rest] = token.slice(PREFIX.length).split(':');
  const id = rest.join(':');
  if (!entity || !MASTER.has(entity as SyncEntity)) return undefined;
  if (side === 'qbo') return (await store.getLinkByQboId(entity as SyncEntity, id))?.itId;
  if (side === 'it') return (await store.getLinkByItId(entity as SyncEntity, id))?.qboId;
  return undefined;
}

function collect(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') {
    if (value.startsWith(PREFIX)) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) collect(v, out);
  }
}

function replace(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => replace(v, ids));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v, ids)]));
  }
  return value;
}

/**
 * Replaces the placeholders of `step` with the ids the store now links them to (the steps that
 * create those links ran before).
 */
export async function resolvePlanned(store: StateStore, step: PlanStep): Promise<Resolved> {
  const tokens = new Set<string>();
  collect(step, tokens);
  const ids = new Map<string, string>();
  for (const token of tokens) {
    const id = await realId(store, token);
    if (id === undefined || id === '') return { missing: token };
    ids.set(token, id);
  }
  return { step: replace(step, ids) as PlanStep };
}

/** True when `token` stands for the id of the record `step` itself is about (e.g. an item's inventory load). */
export function ownsPlanned(step: PlanStep, token: string): step is PlanStep & { link: LinkSeed & { qboId: string } } {
  if (!('link' in step) || step.link.qboId === undefined || !MASTER.has(step.link.entity)) return false;
  return token === plannedId(step.link.entity as MasterEntity, 'qbo', step.link.qboId);
}

/** The error a step gets when a record it references was not created when the plan was applied. */
export function unresolvedError(step: PlanStep, token: string): MappingError {
  const [entity, side, ...rest] = token.slice(PREFIX.length).split(':');
  const where = side === 'qbo' ? `QBO ${entity} ${rest.join(':')}` : `IntelliTrack ${entity} ${rest.join(':')}`;
  return new MappingError({
    entity: step.entity,
    sourceId: step.sourceId,
    path: 'link',
    message: `${where} is not linked: the plan's step creating it did not succeed`,
  });
}
