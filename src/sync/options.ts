import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { TelemetryOptions } from '../core/telemetry/telemetry.js';
import type { IntelliTrackApi } from '../intellitrack/api.js';
import type { MapperOverrides } from '../mappers/index.js';
import type { QboApi, QboEntityName } from '../qbo/api.js';
import type { AlertOptions } from './alerts/types.js';
import type { MeteringOptions } from './engine/metering-budget.js';
import type { SyncSettings } from './settings.js';
import type { LeaseOptions } from './state/lease-holder.js';
import type { StateStore } from './state/store.js';

/** What a Synchronizer is built from. */
export interface SynchronizerOptions {
  /** QBO port; `QboClient` implements it. */
  qbo: QboApi;
  /** IntelliTrack port; `IntelliTrackClient` implements it. */
  intellitrack: IntelliTrackApi;
  /** Links, watermarks, journal, error queue and run history. */
  store: StateStore;
  settings: SyncSettings;
  /**
   * Mapper overrides, per mapper: a replacement given the default mappers to compose with, or a
   * customisation of fields (see docs/mappers.md). A complete set from `createMappers` works too.
   * @default defaultMappers
   */
  mappers?: MapperOverrides;
  /** @default silentLogger */
  logger?: Logger;
  /** @default systemClock */
  clock?: Clock;
  /**
   * How a run that writes takes the company's lease in the store, so two processes or replicas
   * never sync one company at once (see docs/state-stores.md).
   * @default { ttlMs: 60000, waitMs: 0 } with a random owner
   */
  lease?: LeaseOptions;
  /**
   * Tracer and meter of the run and flow spans and of the run metrics (docs/observability.md); give
   * the clients the same through their own `telemetry` option.
   * @default the providers registered globally with `@opentelemetry/api` (no-ops without an SDK)
   */
  telemetry?: TelemetryOptions;
  /**
   * The monthly budget of metered QBO calls: the allowance (Intuit's free tier: 500,000 CorePlus
   * calls a month for the app, every company it serves counted), warning shares, what is counted,
   * and reads paused when it is used up (docs/metering.md).
   * @default { monthlyAllowance: 500000, warnAt: [0.8, 0.95], scope: 'app' }
   */
  metering?: MeteringOptions;
  /**
   * Alerts when a run fails, a record fails `recordFailures` times, `verify()` finds differences or
   * auto sync stops: an `onAlert` hook and/or a signed webhook (see docs/alerts.md).
   */
  alerts?: AlertOptions;
}

/** Options of every sync method. */
export interface SyncOptions {
  signal?: AbortSignal;
  /** Plan and report what would be written; write nothing. @default false */
  dryRun?: boolean;
  /**
   * QBO entities known to have changed, e.g. named by the webhooks that started this run: read even
   * under `settings.qboReads: 'on-notice'` or `'adaptive'` when nothing else calls for a read.
   * `syncEntities` adds its own entities.
   */
  noticed?: readonly QboEntityName[];
  /**
   * Read every QBO entity of the run's flows whatever `settings.qboReads` says: for a run a person
   * started (`qbo-it sync`, the dashboard's Sync now), who expects a change just made in QBO to
   * come across. One CDC call, as under `'every-run'`. @default false
   */
  readQbo?: boolean;
}
