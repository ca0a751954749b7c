/**
 * `Synchronizer.verify()`: both systems compared without writing, from bulk reads only (QBO query
 * pages, IntelliTrack list pages) and the store's links; never a read per record.
 */

import { InvalidArgumentError } from '../../core/errors.js';
import type { RunnerDeps } from '../engine/run-flows.js';
import { compareMaster, MASTER_SPECS } from './master.js';
import { ORDER_SPECS, openOrders } from './orders.js';
import { itAll, qboAll, type VerifyContext } from './reads.js';
import { compareStock } from './stock.js';
import type { VerifyReport } from './types.js';

/** Flows `verify` can compare. */
export type VerifyFlow = 'items' | 'vendors' | 'customers' | 'inventory' | 'receiving' | 'picking';

/** Options of `Synchronizer.verify()`. */
export interface VerifyOptions {
  /** @default every flow */
  flows?: readonly VerifyFlow[];
  signal?: AbortSignal;
}

const ALL: readonly VerifyFlow[] = ['vendors', 'customers', 'items', 'inventory', 'receiving', 'picking'];

function flowsOf(options: VerifyOptions): Set<VerifyFlow> {
  const flows = options.flows ?? ALL;
  for (const flow of flows) {
    if (!ALL.includes(flow)) {
      throw new InvalidArgumentError(`verify: flows must be among ${ALL.join(', ')}; got ${JSON.stringify(flow)}.`);
    }
  }
  return new Set(flows);
}

/**
 * Compares both systems. Each flow's records are held in memory while it is compared.
 * @throws InvalidArgumentError when `flows` names an unknown flow.
 */
export async function verifySync(deps: RunnerDeps, options: VerifyOptions): Promise<VerifyReport> {
  const flows = flowsOf(options);
  const calls = { qbo: 0, intellitrack: 0 };
  const ctx: VerifyContext = {
    qbo: deps.qbo,
    it: deps.it,
    divisionId: deps.settings.division,
    signal: options.signal,
    calls,
  };
  const report: VerifyReport = { checkedAt: '', flows: [], inventory: [], openOrders: [], differences: 0, calls };
  for (const spec of MASTER_SPECS) {
    const stock = spec.flow === 'items' && flows.has('inventory');
    if (!flows.has(spec.flow) && !stock) continue;
    const qboRecords = await qboAll(ctx, spec.query);
    const itRecords = flows.has(spec.flow) ? await itAll(ctx, spec.resource) : [];
    if (flows.has(spec.flow)) report.flows.push(await compareMaster(deps.store, spec, qboRecords, itRecords));
    if (stock) {
      const [onHand, pending] = [
        await itAll(ctx, 'inventory'),
        await itAll(ctx, 'adjustments', { exportStatus: 'pending' }),
      ];
      report.inventory = await compareStock(deps.store, qboRecords, onHand, pending);
    }
  }
  for (const spec of ORDER_SPECS) {
    if (!flows.has(spec.flow)) continue;
    const qboOrders = await qboAll(ctx, { entity: spec.qboEntity });
    report.openOrders.push(...(await openOrders(deps.store, spec, qboOrders, await itAll(ctx, spec.resource))));
  }
  const pairs = report.flows.reduce((n, f) => n + f.oneSided.length + f.differences.length, 0);
  report.differences = pairs + report.inventory.filter((d) => !d.explained).length;
  report.checkedAt = new Date(deps.clock.now()).toISOString();
  return report;
}
