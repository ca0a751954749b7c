/**
 * The dashboard's companies from the realm registry: the many-company mode of `createDashboard`
 * over the fleet database, each realm connected the way the workers connect it.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { DashboardRealms } from '../dashboard/realms.js';
import type { LeaseOptions } from '../sync/state/lease-holder.js';
import { type ConnectRealm, realmSynchronizer } from './handler.js';
import type { RealmRegistry } from './registry.js';

/** What {@link registryRealms} needs. */
export interface RegistryRealmsOptions {
  /** The fleet's realm registry (every realm is listed, enabled or not). */
  registry: RealmRegistry;
  /** The workers' connect function: clients and state store of a realm. */
  connect: ConnectRealm;
  /** How runs started from the page take the realm's lease (give the dashboard its own owner). */
  lease?: LeaseOptions;
  /** The companies' Synchronizers' clock. */
  clock?: Clock;
  /** The companies' Synchronizers' logger. */
  logger?: Logger;
}

/**
 * The `realms` option of `createDashboard` from the realm registry: the picker lists the registry,
 * and a company opens with `connect` (released when the dashboard closes).
 * @example
 * const dashboard = createDashboard({ realms: registryRealms({ registry, connect }), auth: { token } });
 */
export function registryRealms(options: RegistryRealmsOptions): DashboardRealms {
  const { registry, connect } = options;
  const extra = {
    ...(options.lease ? { lease: options.lease } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  return {
    list: async () => (await registry.list()).map(({ realmId, label }) => ({ realmId, label })),
    open: async (realmId) => {
      const realm = await registry.get(realmId);
      if (!realm) return undefined;
      const conn = await connect(realm, new AbortController().signal);
      return {
        synchronizer: realmSynchronizer(realm, conn, extra),
        store: conn.store,
        intellitrack: conn.intellitrack,
        close: async () => conn.release?.(),
      };
    },
  };
}
