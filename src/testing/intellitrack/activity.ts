import { IntelliTrackProblem } from './problem.js';
import type { SeededRandom } from './random.js';
import type { WarehouseSimulator } from './simulate.js';
import type { EmulatorState } from './state.js';

/** One thing a simulated person did (or tried: `problem` says why the warehouse refused). */
export interface ActivityEvent {
  action: 'receive' | 'pick' | 'adjust' | 'edit-item' | 'edit-customer' | 'create-customer' | 'create-order' | 'close';
  /** Id of the record acted on or created. */
  id: string;
  problem?: string;
}

type Step = (ctx: { sim: WarehouseSimulator; state: EmulatorState; random: SeededRandom }) => ActivityEvent | null;

const STEPS: readonly [number, Step][] = [
  [4, receiveSome],
  [3, pickSome],
  [2, adjustSome],
  [
    1,
    ({ sim, state, random }) =>
      editOne(state, random, 'items', (id) => sim.editItem(id, { description: `Relabelled ${random.hex(4)}` })),
  ],
  [
    1,
    ({ sim, state, random }) =>
      editOne(state, random, 'customers', (id) => sim.editCustomer(id, { telephone: `555-${random.int(1000, 9999)}` })),
  ],
  [1, ({ sim }) => attempt('create-customer', () => sim.createCustomer().id)],
  [1, ({ sim }) => attempt('create-order', () => sim.createReceivingOrder().id)],
  [1, closeOne],
];

/**
 * Runs `steps` random actions of a warehouse day (deterministic for the emulator's seed): receipts,
 * picks, adjustments, master-data edits, new customers and orders, manual closes. Refusals by the
 * warehouse rules are recorded, not thrown.
 */
export function runActivity(
  ctx: { sim: WarehouseSimulator; state: EmulatorState; random: SeededRandom },
  steps: number,
): ActivityEvent[] {
  const events: ActivityEvent[] = [];
  for (let i = 0; i < steps; i++) {
    const event = choose(ctx.random)(ctx);
    if (event) events.push(event);
  }
  return events;
}

function choose(random: SeededRandom): Step {
  const total = STEPS.reduce((sum, [weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [weight, step] of STEPS) {
    if (roll < weight) return step;
    roll -= weight;
  }
  return receiveSome;
}

function openOrders(state: EmulatorState, table: 'receiving-orders' | 'picking-orders'): string[] {
  const ids: string[] = [];
  for (const o of state.table(table).values()) if (o.status === 'Open') ids.push(o.id);
  return ids;
}

function receiveSome({ sim, state, random }: Parameters<Step>[0]): ActivityEvent | null {
  const ids = openOrders(state, 'receiving-orders');
  if (ids.length === 0) return null;
  const order = state.get('receiving-orders', random.pick(ids));
  const line = order?.lines.find((l) => l.receivedQty < l.orderedQty);
  if (!order || !line) return null;
  const quantity = random.int(1, line.orderedQty - line.receivedQty);
  return attempt('receive', () => sim.receive(order.id, [{ lineNumber: line.lineNumber, quantity }]).id, order.id);
}

function pickSome({ sim, state, random }: Parameters<Step>[0]): ActivityEvent | null {
  const ids = openOrders(state, 'picking-orders');
  if (ids.length === 0) return null;
  const order = state.get('picking-orders', random.pick(ids));
  const line = order?.lines.find((l) => l.pickedQty < l.orderedQty);
  if (!order || !line) return null;
  const quantity = random.int(1, line.orderedQty - line.pickedQty);
  return attempt('pick', () => sim.pick(order.id, [{ lineNumber: line.lineNumber, quantity }]).id, order.id);
}

function adjustSome({ sim, state, random }: Parameters<Step>[0]): ActivityEvent | null {
  const stocked: string[] = [];
  for (const r of state.table('inventory').values()) if (r.onHand > 0) stocked.push(r.itemId);
  if (stocked.length === 0) return null;
  const itemId = random.pick(stocked);
  const qty = random.next() < 0.5 ? -1 : random.int(1, 5);
  return attempt('adjust', () => sim.adjust(itemId, qty, qty < 0 ? 'Damaged' : 'Found in count').id, itemId);
}

function closeOne({ sim, state, random }: Parameters<Step>[0]): ActivityEvent | null {
  const ids = openOrders(state, 'receiving-orders').filter((id) =>
    state.get('receiving-orders', id)?.lines.some((l) => l.receivedQty > 0),
  );
  if (ids.length === 0) return null;
  const id = random.pick(ids);
  return attempt('close', () => sim.closeOrder(id).id, id);
}

function editOne(
  state: EmulatorState,
  random: SeededRandom,
  table: 'items' | 'customers',
  edit: (id: string) => unknown,
): ActivityEvent | null {
  const ids: string[] = [];
  for (const r of state.table(table).values()) ids.push(r.id);
  if (ids.length === 0) return null;
  const id = random.pick(ids);
  return attempt(
    table === 'items' ? 'edit-item' : 'edit-customer',
    () => {
      edit(id);
      return id;
    },
    id,
  );
}

/** Runs `run`, which returns the id it acted on; a refusal becomes an event with its `problem`. */
function attempt(action: ActivityEvent['action'], run: () => string, id = ''): ActivityEvent {
  try {
    return { action, id: run() };
  } catch (error) {
    if (!(error instanceof IntelliTrackProblem)) throw error;
    return { action, id, problem: error.detail };
  }
}
