/**
 * Writes a run's activity entries through the run's (fenced) store: an accepted write's entry in
 * the same store transaction as its settle, and the records the report names (skips, failures,
 * conflicts, drift) with the next settle, error-queue write or watermark save.
 */

import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { MappingWarning } from '../../mappers/types.js';
import type { PlanStep } from '../plan/steps.js';
import type { RunWatermarks } from '../read/run-watermarks.js';
import type { ReportBuilder } from '../report.js';
import { readLinks } from '../state/many-reads.js';
import type { Link, StateStore, SyncEntity } from '../state/store.js';
import { type ReportedRecord, reportedEntry, settledEntry } from './entries.js';
import { type IgnoreMark, ignoredReason, ignoreKey, ignoreMarks } from './ignores.js';
import type { ActivityRecord } from './types.js';

/** Most warnings kept per record. */
const WARNINGS_MAX = 20;
/** Most records whose warnings wait for an entry (a record written later than that loses them). */
const WARNED_RECORDS_MAX = 5000;

/** One run's activity log writer. */
export class ActivityRecorder {
  readonly #store: StateStore;
  readonly #runId: string;
  readonly #clock: Clock;
  readonly #ignores: Map<string, IgnoreMark>;
  #pending: ActivityRecord[] = [];
  #reported: ReportedRecord[] = [];
  /** Mapper warnings by record id, until the record's entry is made (oldest dropped past the cap). */
  readonly #warnings = new Map<string, string[]>();

  private constructor(store: StateStore, runId: string, clock: Clock, ignores: Map<string, IgnoreMark>) {
    this.#store = store;
    this.#runId = runId;
    this.#clock = clock;
    this.#ignores = ignores;
  }

  /** A recorder for run `runId`, listening to `report` (ignore marks are taken once, here, from the run's watermarks). */
  static start(init: {
    store: StateStore;
    runId: string;
    clock: Clock;
    report: ReportBuilder;
    watermarks: RunWatermarks;
  }): ActivityRecorder {
    const recorder = new ActivityRecorder(init.store, init.runId, init.clock, ignoreMarks(init.watermarks.all()));
    init.report.onRecord = (record) => recorder.#reported.push(record);
    return recorder;
  }

  #base(): { runId: string; at: number } {
    return { runId: this.#runId, at: this.#clock.now() };
  }

  /** Keeps a mapper's warnings about `source` (a QBO or IntelliTrack record) for its entry. */
  warn(source: unknown, warnings: readonly MappingWarning[]): void {
    const record = source as { Id?: unknown; id?: unknown } | null;
    const id = typeof record?.Id === 'string' ? record.Id : typeof record?.id === 'string' ? record.id : undefined;
    if (warnings.length === 0 || id === undefined) return;
    const list = this.#warnings.get(id) ?? [];
    list.push(...warnings.slice(0, WARNINGS_MAX - list.length).map((w) => `${w.field}: ${w.message}`));
    this.#warnings.delete(id);
    this.#warnings.set(id, list);
    if (this.#warnings.size > WARNED_RECORDS_MAX) this.#warnings.delete(this.#warnings.keys().next().value as string);
  }

  /** `entry` with the warnings kept for its record. */
  #withWarnings(entry: ActivityRecord): ActivityRecord {
    const warnings: string[] = [];
    for (const id of new Set([entry.sourceId, entry.qboId, entry.itKey])) {
      if (id === null) continue;
      warnings.push(...(this.#warnings.get(id) ?? []));
      this.#warnings.delete(id);
    }
    return warnings.length === 0 ? entry : { ...entry, warnings: [...entry.warnings, ...warnings] };
  }

  /**
   * Records an accepted write, `link` being its link before the write; the entry is written by the
   * next {@link flush}, which the settle's transaction calls before it commits.
   */
  settled(step: PlanStep, result: Record<string, unknown>, link: Link | undefined): void {
    if (step.action !== 'none') this.#pending.push(this.#withWarnings(settledEntry(this.#base(), step, result, link)));
  }

  /** Drops the waiting entries of a settle whose transaction failed: its writes were rolled back. */
  discard(): void {
    this.#pending.length = 0;
  }

  /** Writes every waiting entry (inside the caller's transaction, when there is one). */
  async flush(): Promise<void> {
    const reported = this.#reported.splice(0);
    const links = await this.#linksOfRecords(reported);
    for (const record of reported) {
      const link = links.get(linkKey(record));
      this.#pending.push(this.#withWarnings(reportedEntry(this.#base(), record, link)));
    }
    if (this.#pending.length === 0) return;
    // Taken out before writing: when the write fails, so does the transaction it belongs to, and
    // the entries describe writes that were rolled back with it.
    const entries = this.#pending.splice(0);
    await this.#store.putActivity(entries);
  }

  /** Writes what is left at the end of a run; a refused write (a lost lease) is logged, not thrown. */
  async finish(logger: Logger): Promise<void> {
    await this.flush().catch((error: unknown) => {
      logger.warn({ err: String(error), entries: this.#pending.length }, 'activity entries not written');
    });
  }

  /** The steps of records not ignored by hand; ignored ones are reported skipped with the reason. */
  admit(steps: readonly PlanStep[], report: ReportBuilder): PlanStep[] {
    if (this.#ignores.size === 0) return [...steps];
    return steps.filter((step) => {
      const mark = this.#markOf(step);
      if (mark) report.skip(step.entity, step.sourceId, ignoredReason(mark));
      return mark === undefined;
    });
  }

  #markOf(step: PlanStep): IgnoreMark | undefined {
    const link = 'link' in step ? step.link : undefined;
    const ids = [step.sourceId, link?.qboId, link?.itId, 'itId' in step ? step.itId : undefined];
    for (const id of ids) {
      const mark = id === undefined ? undefined : this.#ignores.get(ignoreKey(step.entity, id));
      if (mark) return mark;
    }
    return undefined;
  }

  /**
   * The links of reported records by {@link linkKey}: a record's id is looked up as a QBO id, else as
   * an IntelliTrack id, one store read per entity and side for all of them.
   */
  async #linksOfRecords(records: readonly ReportedRecord[]): Promise<Map<string, Link>> {
    const idsByEntity = new Map<SyncEntity, Set<string>>();
    for (const record of records) {
      const entity = linkEntity(record);
      const ids = idsByEntity.get(entity) ?? new Set<string>();
      idsByEntity.set(entity, ids.add(record.id));
    }
    const found = new Map<string, Link>();
    for (const [entity, ids] of idsByEntity) {
      for (const link of await readLinks(this.#store, entity, 'qbo', ids)) found.set(idKey(entity, link.qboId), link);
      const rest = [...ids].filter((id) => !found.has(idKey(entity, id)));
      for (const link of await readLinks(this.#store, entity, 'it', rest)) found.set(idKey(entity, link.itId), link);
    }
    return found;
  }
}

/** The entity a reported record's link is kept under: an inventory record is an item's quantity. */
function linkEntity(record: ReportedRecord): SyncEntity {
  return record.entity === 'inventory' ? 'item' : record.entity;
}

/** How {@link ActivityRecorder} keys the link of a record of `entity` with id `id` (either side's). */
function idKey(entity: SyncEntity, id: string): string {
  return `${entity}\u0000${id}`;
}

/** The key of the link of a reported record. */
function linkKey(record: ReportedRecord): string {
  return idKey(linkEntity(record), record.id);
}
