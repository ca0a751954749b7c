import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildResult, lineOf, startTs } from './cli/harness.js';

interface EntityCounts {
  created: number;
  updated: number;
  failed: number;
  drift: number;
  fieldRecords: { toQbo: string[] }[];
}

interface Run {
  label: string;
  report: { status: string; entities: Record<string, EntityCounts> };
  calls: { reads: number; writes: number; readFloor: number; writeFloor: number; byKind: Record<string, number> };
  tally: { read: Record<string, number>; changed: Record<string, number>; written: Record<string, number> };
}

let dir: string;
let result: ChildResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qbo-it-demo-'));
  result = await startTs('src/cli/demo/main.ts', ['--small', '--json', '--state', join(dir, 'demo.sqlite')], {
    env: {},
    cwd: dir,
  }).done;
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run demo -- --small', () => {
  it('exits 0 with a summary of two completed runs and the SQLite state file', async () => {
    expect(result.code, result.stderr + result.stdout.slice(-2000)).toBe(0);
    const summary = lineOf(result, 'summary') as { ok: boolean; preflight: { ok: boolean }; runs: Run[] };
    expect(summary.ok).toBe(true);
    expect(summary.preflight.ok).toBe(true);
    expect(summary.runs.map((r) => r.report.status)).toEqual(['completed', 'completed']);
    expect((await stat(join(dir, 'demo.sqlite'))).isFile()).toBe(true);
  });

  it('moves master data and open orders into IntelliTrack on the first run, with the fewest reads', () => {
    const [first] = (lineOf(result, 'summary') as { runs: Run[] }).runs;
    const e = first?.report.entities ?? {};
    for (const entity of ['vendor', 'customer', 'item', 'receivingOrder', 'pickingOrder']) {
      expect(e[entity]?.created, entity).toBeGreaterThan(0);
      expect(e[entity]?.failed, entity).toBe(0);
    }
    expect(first?.tally.read.Item).toBeGreaterThan(0);
    // Full reads start with one batch for every entity, so the reads stay at or below one per page.
    expect(first?.calls.reads).toBeGreaterThan(0);
    expect(first?.calls.reads).toBeLessThanOrEqual(first?.calls.readFloor ?? 0);
    expect(first?.calls.byKind.batch).toBe(1);
    expect(first?.calls.writes).toBe(0);
  });

  it('after the day, posts receipts, picks and adjustments to QBO, creates and updates customers there and reports item drift', () => {
    const second = (lineOf(result, 'summary') as { runs: Run[] }).runs[1];
    const written = second?.tally.written ?? {};
    expect(written.Bill).toBeGreaterThan(0);
    expect(written.Invoice).toBeGreaterThan(0);
    expect(written.InventoryAdjustment).toBeGreaterThan(0);
    expect(written.Customer).toBeGreaterThan(0);
    // Customers are edited on both sides: the warehouse's edits reach QBO; QBO-owned items drift.
    expect(second?.report.entities.customer?.fieldRecords.map((r) => r.toQbo)).toContainEqual(['telephone', 'city']);
    expect(second?.report.entities.item?.drift).toBeGreaterThan(0);
    expect(second?.report.entities.item?.updated).toBeGreaterThan(0);
    expect(Object.keys(second?.tally.changed ?? {}).length).toBeGreaterThan(0);
    expect(second?.calls.writes).toBeGreaterThanOrEqual(second?.calls.writeFloor ?? Number.POSITIVE_INFINITY);
    expect(second?.calls.writeFloor).toBeGreaterThan(0);
  });
});
