import type {
  Adjustment,
  Customer,
  Item,
  ItemUpdate,
  PartyCreate,
  PartyUpdate,
  PickingOrder,
  PickingOrderCreate,
  ReceivingOrder,
  ReceivingOrderCreate,
  Vendor,
} from '../../intellitrack/schemas/index.js';
import { type ActivityEvent, runActivity } from './activity.js';
import { createItem, createParty, updateItem, updateParty } from './masters.js';
import { recordWork } from './order-work.js';
import {
  type AnyOrder,
  closeOrder,
  createOrder,
  deleteOrder,
  doneQty,
  type OrderTable,
  reopenOrder,
} from './orders.js';
import { invalid, notFound } from './problem.js';
import type { SeededRandom } from './random.js';
import { mustGet } from './rules.js';
import type { EmulatorState } from './state.js';
import { createAdjustment } from './stock.js';

/** A line of work done by hand: a quantity on an order line, optionally at a location. */
export interface WarehouseWorkLine {
  lineNumber: number;
  quantity: number;
  locationId?: string;
}

/**
 * Acts like a person in the warehouse or the office, through the same rules as the API (a broken
 * rule throws the same IntelliTrackProblem the API would answer). Records it creates have origin
 * "intellitrack", so tests and demos can produce drift and IntelliTrack-originated records.
 * @example
 * const order = emulator.simulate.createReceivingOrder({ vendorId });
 * emulator.simulate.receive(order.id); // everything ordered arrives; the order closes itself
 */
export class WarehouseSimulator {
  readonly #state: EmulatorState;
  readonly #random: SeededRandom;
  readonly #divisionId: string;
  #created = 0;

  constructor(state: EmulatorState, random: SeededRandom, divisionId: string) {
    this.#state = state;
    this.#random = random;
    this.#divisionId = divisionId;
  }

  /**
   * A busy day: `steps` random actions (receipts, picks, adjustments, edits, new customers and
   * orders, manual closes), repeatable for the emulator's seed. Refusals are returned, not thrown.
   */
  activity(steps: number): ActivityEvent[] {
    return runActivity({ sim: this, state: this.#state, random: this.#random }, steps);
  }

  /** Receives `lines` (default: everything still open) on a receiving order. */
  receive(orderId: string, lines?: WarehouseWorkLine[]): ReceivingOrder {
    return clone(this.#work('receiving-orders', orderId, lines)) as ReceivingOrder;
  }

  /** Picks `lines` (default: everything still open) on a picking order. */
  pick(orderId: string, lines?: WarehouseWorkLine[]): PickingOrder {
    return clone(this.#work('picking-orders', orderId, lines)) as PickingOrder;
  }

  /** Closes an order by hand (with less than ordered: a partial receipt or pick). */
  closeOrder(orderId: string): AnyOrder {
    return clone(closeOrder(this.#state, this.#tableOf(orderId), orderId));
  }

  /** Reopens a closed order. */
  reopenOrder(orderId: string): AnyOrder {
    return clone(reopenOrder(this.#state, this.#tableOf(orderId), orderId));
  }

  /** Deletes an order on which nothing was received or picked. */
  deleteOrder(orderId: string): void {
    deleteOrder(this.#state, { table: this.#tableOf(orderId), id: orderId });
  }

  /** Adjusts On Hand of an item (at the default site and location unless given). */
  adjust(
    itemId: string,
    quantityChange: number,
    reason: string,
    at?: { siteId: string; locationId: string },
  ): Adjustment {
    const where = at ?? this.#defaultLocation();
    return clone(
      createAdjustment(this.#state, { divisionId: this.#divisionId, itemId, ...where, quantityChange, reason }),
    );
  }

  /** Edits an item as a person would in IntelliTrack (drift when the item comes from QBO). */
  editItem(id: string, patch: ItemUpdate): Item {
    return clone(updateItem(this.#state, id, patch));
  }

  /** Edits a customer. */
  editCustomer(id: string, patch: PartyUpdate): Customer {
    return clone(updateParty(this.#state, { table: 'customers', id }, patch));
  }

  /** Edits a vendor. */
  editVendor(id: string, patch: PartyUpdate): Vendor {
    return clone(updateParty(this.#state, { table: 'vendors', id }, patch));
  }

  /** Creates a customer in IntelliTrack; missing fields are generated. */
  createCustomer(input: Partial<PartyCreate> = {}): Customer {
    const n = ++this.#created;
    return clone(
      createParty(this.#state, 'customers', {
        divisionId: this.#divisionId,
        companyName: `Walk-in Customer ${this.#random.hex(4).toUpperCase()}-${n}`,
        contactName: `Person ${n}`,
        email: `walkin${n}@example.com`,
        ...input,
      }),
    );
  }

  /** Creates an item in IntelliTrack; missing fields are generated. */
  createItem(input: Partial<Parameters<typeof createItem>[1] & object> = {}): Item {
    const n = ++this.#created;
    return clone(
      createItem(this.#state, {
        divisionId: this.#divisionId,
        itemNumber: `WH-${this.#random.hex(6).toUpperCase()}-${n}`,
        description: `Warehouse item ${n}`,
        uom: 'EA',
        unitCost: 1,
        unitPrice: 2,
        active: true,
        ...input,
      }),
    );
  }

  /** Creates a receiving order; vendor, lines and date are picked when missing. */
  createReceivingOrder(input: Partial<ReceivingOrderCreate> = {}): ReceivingOrder {
    const vendorId = input.vendorId ?? this.#pickActive('vendors');
    const body = { ...this.#orderDefaults(), vendorId, lines: input.lines ?? this.#randomLines(), ...input };
    return clone(createOrder(this.#state, 'receiving-orders', body)) as ReceivingOrder;
  }

  /** Creates a picking order; customer, lines and date are picked when missing. */
  createPickingOrder(input: Partial<PickingOrderCreate> = {}): PickingOrder {
    const customerId = input.customerId ?? this.#pickActive('customers');
    const body = { ...this.#orderDefaults(), customerId, lines: input.lines ?? this.#randomLines(), ...input };
    return clone(createOrder(this.#state, 'picking-orders', body)) as PickingOrder;
  }

  #work(table: OrderTable, orderId: string, lines: WarehouseWorkLine[] | undefined): AnyOrder {
    const order = mustGet(this.#state, table, orderId);
    const work =
      lines ??
      order.lines
        .map((l) => ({ lineNumber: l.lineNumber, quantity: l.orderedQty - doneQty(table, l) }))
        .filter((l) => l.quantity > 0);
    return recordWork(this.#state, table, orderId, { lines: work });
  }

  #tableOf(orderId: string): OrderTable {
    if (this.#state.get('receiving-orders', orderId)) return 'receiving-orders';
    if (this.#state.get('picking-orders', orderId)) return 'picking-orders';
    throw notFound('Order', orderId);
  }

  #defaultLocation(): { siteId: string; locationId: string } {
    const division = mustGet(this.#state, 'divisions', this.#divisionId);
    const site = division.defaultSiteId ? this.#state.get('sites', division.defaultSiteId) : undefined;
    if (!site?.defaultLocationId) throw invalid('The division has no default site/location.', []);
    return { siteId: site.id, locationId: site.defaultLocationId };
  }

  #orderDefaults() {
    return {
      divisionId: this.#divisionId,
      orderDate: new Date(this.#state.clock.now()).toISOString().slice(0, 10),
      origin: 'intellitrack' as const,
    };
  }

  #pickActive(table: 'vendors' | 'customers'): string {
    const ids: string[] = [];
    for (const p of this.#state.table(table).values())
      if (p.active && p.divisionId === this.#divisionId) ids.push(p.id);
    if (ids.length === 0) throw invalid(`No active ${table} to put on an order; create one first.`, []);
    return this.#random.pick(ids);
  }

  #randomLines(): { itemId: string; orderedQty: number }[] {
    const ids: string[] = [];
    for (const i of this.#state.table('items').values())
      if (i.active && i.divisionId === this.#divisionId) ids.push(i.id);
    if (ids.length === 0) throw invalid('No active items to put on an order; create one first.', []);
    return Array.from({ length: this.#random.int(1, 3) }, () => ({
      itemId: this.#random.pick(ids),
      orderedQty: this.#random.int(1, 10),
    }));
  }
}

function clone<T>(value: T): T {
  return structuredClone(value);
}
