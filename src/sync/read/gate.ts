/**
 * Which QBO reads an incremental run may leave out (`settings.qboReads`). Under `'every-run'` none.
 * Under `'on-notice'` an entity is read when a webhook notice, the run's request, a post-back or the
 * reconcile interval calls for it (see notices.ts). `'adaptive'` adds one rule to those: while the
 * company is busy, every run reads. A run that saw a QBO change or wrote a record stamps the store's
 * busy mark with the host's time, and the company stays busy for `qboQuietAfterMinutes` after it;
 * a company without a mark is busy, and its first completed run under `'adaptive'` (the default)
 * stamps one. Both times of that comparison are the host's, so QBO's clock does not enter it.
 */
import type { Clock } from '../../core/clock.js';
import type { ResolvedSettings } from '../settings.js';
import type { StateStore } from '../state/store.js';
import { type NoticeGate, noticeGate } from './notices.js';

/** Store key (a watermark) of the host time when a run last saw a QBO change or wrote a record. */
export const BUSY_KEY = 'qbo-reads:busy';

/** The settings that say when runs read QBO. */
export type QboReadSettings = Pick<ResolvedSettings, 'qboReads' | 'qboReconcileMinutes' | 'qboQuietAfterMinutes'>;

/** When runs read QBO under `settings`, in a sentence for the operator (the dashboard, `qbo-it watch`). */
export function describeQboReads(settings: QboReadSettings): string {
  if (settings.qboReads === 'every-run') return 'QBO is read by every run (one CDC call each).';
  if (settings.qboReads === 'adaptive') {
    return `QBO is read by every run while the company is busy; after ${settings.qboQuietAfterMinutes} min without a change, at least every ${settings.qboReconcileMinutes} min, when a webhook names a change, or when a receipt or pick is posted.`;
  }
  return `QBO is read on notice: when a webhook names a change or a receipt or pick is posted, and at least every ${settings.qboReconcileMinutes} min.`;
}

/** The gate of a run's QBO reads, or undefined when every run reads (`'every-run'`). */
export async function readGate(
  deps: {
    settings: QboReadSettings;
    /** Where the busy mark is read: the run's watermarks, listed under its lease (only runs write it). */
    watermarks: Pick<StateStore, 'getWatermark'>;
    clock: Clock;
  },
  noticed: readonly string[] = [],
): Promise<NoticeGate | undefined> {
  const { settings } = deps;
  if (settings.qboReads === 'every-run') return undefined;
  const gate = noticeGate(settings, noticed);
  if (settings.qboReads === 'on-notice') return gate;
  const mark = await deps.watermarks.getWatermark(BUSY_KEY);
  const at = mark === undefined ? Number.NaN : Date.parse(mark);
  const quietMs = settings.qboQuietAfterMinutes * 60_000;
  if (Number.isNaN(at)) return { ...gate, busy: true, unmarked: true };
  if (deps.clock.now() - at < quietMs) return { ...gate, busy: true };
  const since = new Date(at).toISOString();
  return {
    ...gate,
    skipped: `quiet since ${since} (no QBO change seen and no record written for ${settings.qboQuietAfterMinutes} min); read at least every ${settings.qboReconcileMinutes} min`,
  };
}

/** Stamps the busy mark at the host's time now (a run saw a QBO change or wrote a record). */
export function markBusy(store: StateStore, clock: Clock): Promise<void> {
  return store.setWatermark(BUSY_KEY, new Date(clock.now()).toISOString());
}
