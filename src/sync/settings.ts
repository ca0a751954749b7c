import { ConfigurationError } from '../core/errors.js';
import { type ConflictPolicySettings, type ResolvedConflictPolicies, resolveConflictPolicies } from './merge/policy.js';
import type { RetentionSettings } from './state/retention.js';

/** How a receipt or pick that IntelliTrack completed is posted back to QBO. */
export interface PostBackOptions {
  /**
   * Post the receipt (a Bill linked to the PurchaseOrder) or the pick (an Invoice linked to the
   * Estimate) when IntelliTrack closes the order. `false` leaves QBO untouched.
   * @default true
   */
  enabled?: boolean;
  /**
   * Also post an order closed by hand with less than ordered (a partial receipt / invoice).
   * Without it, such an order is skipped with a reason.
   * @default false
   */
  partial?: boolean;
}

/** When an incremental run reads QBO (`SyncSettings.qboReads`). */
export type QboReadPolicy = 'every-run' | 'on-notice' | 'adaptive';

/** The policies of `SyncSettings.qboReads`, in the order the docs list them. */
export const QBO_READ_POLICIES: readonly QboReadPolicy[] = ['every-run', 'on-notice', 'adaptive'];

/** What happens when an IntelliTrack user edits a record that QBO owns. */
export type DriftPolicy = 'overwrite' | 'report-only';

/** The plugin's "Basic Configuration", plus sync policies. */
export interface SyncSettings {
  /** IntelliTrack division id where imported data lands. Required. */
  division: string;
  /** Site id for inventory loads. @default the division's default site */
  defaultSite?: string;
  /** Location id for inventory loads. @default the site's default location */
  defaultLocation?: string;
  /** Unit of measure code for new items. @default the division's default UOM */
  defaultUom?: string;
  /** QBO Account id used as `AdjustAccountRef`; required before adjustments export. */
  adjustmentAccountId?: string;
  /**
   * Prefix of order numbers that originate in IntelliTrack, keeping number ranges apart in QBO.
   * @default "IT-"
   */
  orderNumberPrefix?: string;
  /** Plan first; nothing reaches QBO until a plan is applied. @default false */
  manualPosting?: boolean;
  /** Receiving post-back (a Bill linked to the PO). */
  receiving?: PostBackOptions;
  /** Picking post-back (an Invoice linked to the Estimate). */
  picking?: PostBackOptions;
  /** IntelliTrack edits to QBO-owned master data. @default "overwrite" */
  drift?: DriftPolicy;
  /**
   * How a field of a customer or open order changed on both sides since the last sync is settled,
   * per entity and field (`"*"`: the entity's default). See `DEFAULT_CONFLICT_POLICIES`.
   * @default QBO wins, except ship-to (and an order's carrier): IntelliTrack wins
   */
  conflicts?: ConflictPolicySettings;
  /** Interval of auto sync in minutes. @default 15 */
  autoSyncIntervalMinutes?: number;
  /** Older watermarks fall back to a full read (QBO CDC looks back at most 30 days). @default 30 */
  cdcMaxAgeDays?: number;
  /**
   * When an incremental run reads QBO. `'adaptive'` (the default): every run reads QBO while the
   * company is busy — a run saw a QBO change or wrote a record in the last `qboQuietAfterMinutes`;
   * once it is quiet, QBO is read when its last read is `qboReconcileMinutes` old, and for
   * everything that calls for a read under `'on-notice'` (a recorded notice, `noticed`, a
   * post-back, a run a person started with `readQbo`). At an auto-sync interval of
   * `qboReconcileMinutes` or more every run reads. See docs/sync.md#reading-qbo-less-when-quiet.
   * `'every-run'`: each run asks CDC what changed (one metered call), even on a quiet night.
   * `'on-notice'`: for hosts that receive Intuit's webhooks and hand them to `recordQboNotices()` —
   * an entity is read only when a notice named it since its last read, when the run was started for
   * it (`syncEntities`, `noticed`), when a receipt or pick is about to be posted from its document,
   * or when its last read is older than `qboReconcileMinutes` (a notice Intuit lost). See
   * docs/webhooks.md.
   * @default "adaptive"
   */
  qboReads?: QboReadPolicy;
  /**
   * Under `qboReads: 'on-notice'` or `'adaptive'`, the longest QBO goes unread when nothing calls
   * for a read.
   * @default 60 under "on-notice", 15 under "adaptive"
   */
  qboReconcileMinutes?: number;
  /**
   * Under `qboReads: 'adaptive'`, how long after the last QBO change seen or record written the
   * company counts as quiet.
   * @default 60
   */
  qboQuietAfterMinutes?: number;
  /**
   * How long settled journal entries and run history are kept, pruned after each completed run.
   * Resolved and checked by the Synchronizer (`Synchronizer.retention`).
   * @default { afterRun: true, journalDays: 30, runs: 1000 }
   */
  retention?: RetentionSettings;
}

/** Settings with every default filled in (site, location and UOM stay optional until preflight). */
export interface ResolvedSettings {
  division: string;
  defaultSite: string | undefined;
  defaultLocation: string | undefined;
  defaultUom: string | undefined;
  adjustmentAccountId: string | undefined;
  orderNumberPrefix: string;
  manualPosting: boolean;
  receiving: Required<PostBackOptions>;
  picking: Required<PostBackOptions>;
  drift: DriftPolicy;
  conflicts: ResolvedConflictPolicies;
  autoSyncIntervalMinutes: number;
  cdcMaxAgeDays: number;
  qboReads: QboReadPolicy;
  qboReconcileMinutes: number;
  qboQuietAfterMinutes: number;
}

/**
 * Fills in defaults and checks the shape of `settings` (not against the services: that is
 * `preflight()`).
 * @throws ConfigurationError naming the field when a value cannot be used.
 */
export function resolveSettings(settings: SyncSettings): ResolvedSettings {
  if (typeof settings.division !== 'string' || settings.division.trim() === '') {
    throw new ConfigurationError('settings.division is required: the IntelliTrack division id to sync into.');
  }
  const interval = settings.autoSyncIntervalMinutes ?? 15;
  if (!Number.isFinite(interval) || interval <= 0) {
    throw new ConfigurationError(`settings.autoSyncIntervalMinutes must be a positive number, got ${interval}.`);
  }
  const maxAge = settings.cdcMaxAgeDays ?? 30;
  if (!Number.isFinite(maxAge) || maxAge <= 0 || maxAge > 30) {
    throw new ConfigurationError(`settings.cdcMaxAgeDays must be in (0, 30], got ${maxAge}.`);
  }
  const reads = resolveReads(settings, maxAge);
  const prefix = settings.orderNumberPrefix ?? 'IT-';
  if (prefix.length > 10) {
    throw new ConfigurationError(`settings.orderNumberPrefix must be at most 10 characters, got "${prefix}".`);
  }
  return {
    division: settings.division,
    defaultSite: settings.defaultSite,
    defaultLocation: settings.defaultLocation,
    defaultUom: settings.defaultUom,
    adjustmentAccountId: settings.adjustmentAccountId,
    orderNumberPrefix: prefix,
    manualPosting: settings.manualPosting ?? false,
    receiving: { enabled: settings.receiving?.enabled ?? true, partial: settings.receiving?.partial ?? false },
    picking: { enabled: settings.picking?.enabled ?? true, partial: settings.picking?.partial ?? false },
    drift: settings.drift ?? 'overwrite',
    conflicts: resolveConflictPolicies(settings.conflicts),
    autoSyncIntervalMinutes: interval,
    cdcMaxAgeDays: maxAge,
    ...reads,
  };
}

/**
 * `qboReads`, `qboReconcileMinutes` and `qboQuietAfterMinutes`, checked: a reconcile read must come
 * before CDC's look-back ends.
 */
function resolveReads(
  settings: SyncSettings,
  maxAgeDays: number,
): Pick<ResolvedSettings, 'qboReads' | 'qboReconcileMinutes' | 'qboQuietAfterMinutes'> {
  const reads = settings.qboReads ?? 'adaptive';
  if (!QBO_READ_POLICIES.includes(reads)) {
    const names = QBO_READ_POLICIES.map((p) => `"${p}"`).join(', ');
    throw new ConfigurationError(`settings.qboReads must be one of ${names}, got ${JSON.stringify(reads)}.`);
  }
  const minutes = settings.qboReconcileMinutes ?? (reads === 'adaptive' ? 15 : 60);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > maxAgeDays * 1440) {
    throw new ConfigurationError(
      `settings.qboReconcileMinutes must be a positive number of minutes within cdcMaxAgeDays, got ${minutes}.`,
    );
  }
  const quiet = settings.qboQuietAfterMinutes ?? 60;
  if (!Number.isFinite(quiet) || quiet <= 0) {
    throw new ConfigurationError(`settings.qboQuietAfterMinutes must be a positive number of minutes, got ${quiet}.`);
  }
  return { qboReads: reads, qboReconcileMinutes: minutes, qboQuietAfterMinutes: quiet };
}
