import { describe, expect, it } from 'vitest';
import { ConfigurationError, InvalidArgumentError } from '../../../src/core/errors.js';
import type { Logger } from '../../../src/core/logger.js';
import type { IntelliTrackApi } from '../../../src/intellitrack/api.js';
import type { QboApi } from '../../../src/qbo/api.js';
import type { SyncPlan } from '../../../src/sync/plan/steps.js';
import { emptyCalls, type SyncReport } from '../../../src/sync/report.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import {
  assertPlanRetained,
  JOURNAL_PRUNED_KEY,
  type PruneContext,
  pruneAfterRun,
  pruneState,
  RETENTION_DEFAULTS,
  resolveRetention,
} from '../../../src/sync/state/retention.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { journal, run } from '../../../src/testing/store-contract-fixtures.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00.000Z');

describe('resolveRetention', () => {
  it('fills in the defaults: prune after runs, 30 days of journal, 1000 runs, no age limit on runs', () => {
    expect(resolveRetention(undefined, 30)).toEqual({
      afterRun: true,
      journalDays: 30,
      runs: 1000,
      runDays: undefined,
    });
    expect(resolveRetention({}, 7)).toEqual(RETENTION_DEFAULTS);
    expect(resolveRetention({ afterRun: false, journalDays: 90, runs: 10, runDays: 365 }, 30)).toEqual({
      afterRun: false,
      journalDays: 90,
      runs: 10,
      runDays: 365,
    });
  });

  it('lets the journal be kept as short as the CDC look-back and no shorter', () => {
    expect(resolveRetention({ journalDays: 7 }, 7).journalDays).toBe(7);
    expect(() => resolveRetention({ journalDays: 7 }, 30)).toThrow(ConfigurationError);
    expect(() => resolveRetention({ journalDays: 29.5 }, 30)).toThrow(
      /settings\.retention\.journalDays must be at least settings\.cdcMaxAgeDays \(30\), got 29\.5/,
    );
  });

  it.each([
    [{ journalDays: 0 }, /settings\.retention\.journalDays/],
    [{ journalDays: Number.NaN }, /settings\.retention\.journalDays/],
    [{ runs: 0 }, /settings\.retention\.runs/],
    [{ runs: 1.5 }, /settings\.retention\.runs/],
    [{ runDays: -1 }, /settings\.retention\.runDays/],
    [{ afterRun: 'yes' }, /settings\.retention\.afterRun/],
    [{ keepForever: true }, /settings\.retention/],
    ['30 days', /settings\.retention/],
  ])('refuses %j with a ConfigurationError naming the setting', (value, field) => {
    expect(() => resolveRetention(value as never, 30)).toThrow(ConfigurationError);
    expect(() => resolveRetention(value as never, 30)).toThrow(field);
  });

  it('is checked when a Synchronizer is built, against its cdcMaxAgeDays', () => {
    const ports = { qbo: {} as QboApi, intellitrack: {} as IntelliTrackApi, store: new MemoryStateStore() };
    expect(() => new Synchronizer({ ...ports, settings: { division: 'D', retention: { runs: -2 } } })).toThrow(
      /settings\.retention\.runs/,
    );
    const sync = new Synchronizer({
      ...ports,
      settings: { division: 'D', cdcMaxAgeDays: 10, retention: { journalDays: 10 } },
    });
    expect(sync.retention).toEqual({ afterRun: true, journalDays: 10, runs: 1000, runDays: undefined });
  });
});

function context(store: MemoryStateStore, retention: Partial<PruneContext['retention']> = {}): PruneContext {
  return { store, retention: { ...RETENTION_DEFAULTS, ...retention }, cdcMaxAgeDays: 30, now: NOW };
}

describe('pruneState', () => {
  it('deletes settled entries older than journalDays and records how far the journal was pruned', async () => {
    const store = new MemoryStateStore();
    const cutoff = NOW - 30 * DAY;
    await store.putJournal(journal({ key: 'old', state: 'done', updatedAt: cutoff - 1 }));
    await store.putJournal(journal({ key: 'edge', state: 'failed', updatedAt: cutoff }));
    await store.putJournal(journal({ key: 'stuck', state: 'pending', updatedAt: 0 }));
    const result = await pruneState(context(store));
    expect(result).toEqual({ journal: 1, runs: 0, journalBefore: new Date(cutoff).toISOString(), keptRuns: 1000 });
    expect((await store.listJournal()).map((e) => e.key).sort()).toEqual(['edge', 'stuck']);
    expect(await store.getWatermark(JOURNAL_PRUNED_KEY)).toBe(new Date(cutoff).toISOString());
  });

  it('moves the prune mark only when something was deleted, and never back', async () => {
    const store = new MemoryStateStore();
    await pruneState(context(store));
    expect(await store.getWatermark(JOURNAL_PRUNED_KEY)).toBeUndefined();
    await store.putJournal(journal({ key: 'a', state: 'done', updatedAt: 10 }));
    await store.putJournal(journal({ key: 'b', state: 'done', updatedAt: 1 }));
    await pruneState(context(store), { before: 100 });
    await pruneState(context(store), { before: 50 });
    expect(await store.getWatermark(JOURNAL_PRUNED_KEY)).toBe(new Date(100).toISOString());
  });

  it('refuses a journal cutoff within the CDC look-back, and bad limits', async () => {
    const store = new MemoryStateStore();
    await store.putJournal(journal({ key: 'recent', state: 'done', updatedAt: NOW - DAY }));
    await expect(pruneState(context(store), { before: NOW - 29 * DAY })).rejects.toThrow(/before must be at least/);
    await expect(pruneState(context(store), { before: new Date(Number.NaN) })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(pruneState(context(store), { keepRuns: -1 })).rejects.toThrow(/keepRuns/);
    await expect(pruneState(context(store), { runsBefore: Number.POSITIVE_INFINITY })).rejects.toThrow(/runsBefore/);
    expect(await store.getJournal('recent')).toBeDefined();
    await expect(pruneState(context(store), { before: new Date(NOW - 30 * DAY) })).resolves.toMatchObject({
      journal: 0,
    });
  });

  it('keeps the newest runs and, with runDays, drops those that started longer ago', async () => {
    const store = new MemoryStateStore();
    for (const [id, startedAt] of [
      ['a', NOW - 50 * DAY],
      ['b', NOW - 20 * DAY],
      ['c', NOW - 2 * DAY],
      ['d', NOW - DAY],
    ] as const) {
      await store.putRun(run({ id, startedAt }));
    }
    expect((await pruneState(context(store, { runs: 3 }))).runs).toBe(1);
    expect((await pruneState(context(store, { runs: 3, runDays: 10 }))).runs).toBe(1);
    expect((await store.listRuns()).map((r) => r.id)).toEqual(['d', 'c']);
    expect((await pruneState(context(store), { keepRuns: 1 })).runs).toBe(1);
    expect((await pruneState(context(store), { runsBefore: new Date(NOW) })).runs).toBe(1);
    expect(await store.listRuns()).toEqual([]);
  });

  it('stops before touching the store when aborted', async () => {
    const store = new MemoryStateStore();
    await store.putJournal(journal({ key: 'old', state: 'done', updatedAt: 0 }));
    const controller = new AbortController();
    controller.abort();
    await expect(pruneState(context(store), { signal: controller.signal })).rejects.toThrow();
    expect(await store.getJournal('old')).toBeDefined();
  });
});

function report(overrides: Partial<SyncReport> = {}): SyncReport {
  return {
    runId: 'r1',
    operation: 'syncAll',
    dryRun: false,
    status: 'completed',
    startedAt: '2026-06-01T00:00:00.000Z',
    finishedAt: '2026-06-01T00:00:01.000Z',
    durationMs: 1000,
    entities: {},
    calls: emptyCalls(),
    notes: [],
    ...overrides,
  };
}

const warnings: string[] = [];
const logger: Logger = { debug() {}, info() {}, warn: (_o, msg) => warnings.push(String(msg)), error() {} };

describe('pruneAfterRun', () => {
  const result = { journal: 3, runs: 1, journalBefore: '2026-05-02T00:00:00.000Z', keptRuns: 1000 };

  it('prunes after a completed run, notes it and stores the report again with the note', async () => {
    const store = new MemoryStateStore();
    const done = await pruneAfterRun(report(), { prune: async () => result, store, logger });
    expect(done.notes).toEqual([
      'retention: deleted 3 settled journal entries last updated before 2026-05-02T00:00:00.000Z and 1 run(s) beyond the newest 1000 or past their age',
    ]);
    const [stored] = await store.listRuns();
    expect(stored).toMatchObject({ id: 'r1', status: 'completed', startedAt: NOW, finishedAt: NOW + 1000 });
    expect((stored?.report as SyncReport | undefined)?.notes).toEqual(done.notes);
  });

  it('adds no note when nothing was deleted', async () => {
    const store = new MemoryStateStore();
    const none = { ...result, journal: 0, runs: 0 };
    expect((await pruneAfterRun(report(), { prune: async () => none, store, logger })).notes).toEqual([]);
    expect(await store.listRuns()).toEqual([]);
  });

  it.each([
    ['failed', report({ status: 'failed' })],
    ['aborted', report({ status: 'aborted' })],
    ['dry', report({ dryRun: true })],
  ])('never prunes after a %s run', async (_kind, r) => {
    let calls = 0;
    const prune = async () => {
      calls += 1;
      return result;
    };
    await pruneAfterRun(r, { prune, store: new MemoryStateStore(), logger });
    expect(calls).toBe(0);
    expect(r.notes).toEqual([]);
  });

  it('notes and logs a prune that fails, leaving the run completed', async () => {
    const failing = async (): Promise<never> => {
      throw new Error('database is locked');
    };
    const done = await pruneAfterRun(report(), { prune: failing, store: new MemoryStateStore(), logger });
    expect(done.status).toBe('completed');
    expect(done.notes).toEqual(['retention: pruning after the run failed: database is locked']);
    expect(warnings).toContain('pruning after the run failed');
  });
});

describe('assertPlanRetained', () => {
  const plan = (createdAt: string): SyncPlan => ({
    scope: 'all',
    createdAt,
    steps: [],
    watermarks: {},
    basis: {},
    notes: [],
  });

  it('lets any plan through until the journal was pruned, then only plans made since', async () => {
    const store = new MemoryStateStore();
    await expect(assertPlanRetained(store, plan('2020-01-01T00:00:00.000Z'))).resolves.toBeUndefined();
    await store.setWatermark(JOURNAL_PRUNED_KEY, '2026-05-01T00:00:00.000Z');
    await expect(assertPlanRetained(store, plan('2026-05-01T00:00:00.000Z'))).resolves.toBeUndefined();
    await expect(assertPlanRetained(store, plan('2026-04-30T23:59:59.999Z'))).rejects.toThrow(
      /plan\.createdAt 2026-04-30T23:59:59\.999Z is before 2026-05-01T00:00:00\.000Z/,
    );
    await expect(assertPlanRetained(store, plan(''))).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
