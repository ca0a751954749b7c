import { describe, expect, it } from 'vitest';
import { ConfigurationError, MappingError } from '../../../src/core/errors.js';
import {
  emptyCalls,
  formatReport,
  REPORT_DETAIL_LIMIT,
  ReportBuilder,
  type SyncReport,
} from '../../../src/sync/report.js';
import { resolveSettings } from '../../../src/sync/settings.js';

describe('resolveSettings', () => {
  it('fills in defaults', () => {
    expect(resolveSettings({ division: 'D1' })).toEqual({
      division: 'D1',
      defaultSite: undefined,
      defaultLocation: undefined,
      defaultUom: undefined,
      adjustmentAccountId: undefined,
      orderNumberPrefix: 'IT-',
      manualPosting: false,
      receiving: { enabled: true, partial: false },
      picking: { enabled: true, partial: false },
      drift: 'overwrite',
      conflicts: {
        customer: expect.objectContaining({ telephone: 'qbo-wins', shipTo: 'intellitrack-wins' }),
        receivingOrder: expect.objectContaining({ lines: 'qbo-wins', carrier: 'intellitrack-wins' }),
        pickingOrder: expect.objectContaining({ dueDate: 'qbo-wins', shipTo: 'intellitrack-wins' }),
      },
      autoSyncIntervalMinutes: 15,
      cdcMaxAgeDays: 30,
      qboReads: 'adaptive',
      qboReconcileMinutes: 15,
      qboQuietAfterMinutes: 60,
    });
  });

  it.each([
    [{ division: '  ' }, /division/],
    [{ division: 'D', autoSyncIntervalMinutes: 0 }, /autoSyncIntervalMinutes/],
    [{ division: 'D', cdcMaxAgeDays: 31 }, /cdcMaxAgeDays/],
    [{ division: 'D', qboReads: 'hourly' as never }, /qboReads/],
    [{ division: 'D', qboReconcileMinutes: -5 }, /qboReconcileMinutes/],
    [{ division: 'D', orderNumberPrefix: 'WAY-TOO-LONG-PREFIX' }, /orderNumberPrefix/],
  ])('refuses %j with a ConfigurationError naming the setting', (settings, field) => {
    expect(() => resolveSettings(settings)).toThrow(ConfigurationError);
    expect(() => resolveSettings(settings)).toThrow(field);
  });
});

describe('ReportBuilder and formatReport', () => {
  it('keeps exact counts, caps detail lists, names typed errors and prints a table', () => {
    const builder = new ReportBuilder();
    builder.count('item', 'read', 3);
    builder.count('item', 'created', 2);
    for (let i = 0; i < REPORT_DETAIL_LIMIT + 5; i += 1) builder.skip('inventory', String(i), 'quantity 0');
    builder.fail(
      'item',
      '7',
      new MappingError({ entity: 'Item', sourceId: '7', path: 'UnitPrice', message: 'negative' }),
    );
    builder.conflict('customer', 'c1', 'duplicate name');
    builder.drift('vendor', { id: 'v1', fields: ['email'], overwritten: true });
    const report: SyncReport = {
      runId: 'r1',
      operation: 'syncAll',
      dryRun: false,
      status: 'completed',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      durationMs: 1000,
      entities: builder.entities,
      calls: emptyCalls(),
      notes: ['Item: full read (no recent watermark)'],
    };
    expect(report.entities.inventory?.skipped).toBe(REPORT_DETAIL_LIMIT + 5);
    expect(report.entities.inventory?.skippedRecords).toHaveLength(REPORT_DETAIL_LIMIT);
    expect(report.entities.item?.failedRecords).toEqual([
      { id: '7', errorName: 'MappingError', message: 'Item 7, field UnitPrice: negative', code: null },
    ]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const table = formatReport(report);
    expect(table).toContain('syncAll completed in 1000 ms');
    expect(table).toMatch(/^item\s+3\s+2\s+0\s+0\s+0\s+0\s+1\s+0\s+0$/m);
    expect(table).toMatch(/^inventory\s+0\s+0\s+0\s+0\s+0\s+505\s+0/m);
    expect(table).toContain('note: Item: full read');
  });
});
