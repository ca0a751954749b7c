import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseScopes } from '../../../src/cli/commands/sync.js';
import { parseEvery } from '../../../src/cli/commands/watch.js';
import { LiveBlock } from '../../../src/cli/live-block.js';
import { formatEta } from '../../../src/cli/output.js';
import { formatReasons } from '../../../src/cli/reasons.js';
import { type EntityReport, emptyEntityReport, type SyncReport } from '../../../src/sync/report.js';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('watch screen', () => {
  it('on a terminal draws over the previous block: cursor up its line count, clear down', () => {
    const out = sink();
    const block = new LiveBlock(out.stream, true);
    block.draw('run 1\nrow a');
    block.draw('run 2\nrow b\nrow c');
    block.draw('run 3');
    expect(out.text()).toBe('run 1\nrow a\n\u001b[2F\u001b[0Jrun 2\nrow b\nrow c\n\u001b[3F\u001b[0Jrun 3\n');
  });

  it('elsewhere appends, and after release a terminal starts below', () => {
    const plain = sink();
    const appended = new LiveBlock(plain.stream, false);
    appended.draw('run 1');
    appended.draw('run 2');
    expect(plain.text()).toBe('run 1\nrun 2\n');
    const tty = sink();
    const block = new LiveBlock(tty.stream, true);
    block.draw('run 1');
    block.release();
    block.draw('run 2');
    expect(tty.text()).toBe('run 1\nrun 2\n');
  });
});

function entity(partial: Partial<EntityReport>): EntityReport {
  return { ...emptyEntityReport(), ...partial };
}

describe('the report for people', () => {
  it('lists why records were not simply written, capped per kind', () => {
    const skipped = Array.from({ length: 12 }, (_, i) => ({ id: `s${i}`, reason: 'quantity 0: not imported' }));
    const report = {
      entities: {
        item: entity({
          skippedRecords: skipped,
          failedRecords: [{ id: '7', errorName: 'MappingError', message: 'UnitPrice -5', code: null }],
        }),
        customer: entity({ conflictRecords: [{ id: '58', reason: 'name collides with 57 after shortening' }] }),
      },
    } as unknown as SyncReport;
    const text = formatReasons(report).split('\n');
    expect(text[0]).toBe('why:');
    expect(text).toContain('  failed item 7: MappingError: UnitPrice -5');
    expect(text).toContain('  skipped item s0: quantity 0: not imported');
    expect(text).toContain('  … and 2 more skipped item record(s)');
    expect(text).toContain('  conflict customer 58: name collides with 57 after shortening');
    expect(formatReasons({ entities: { item: entity({}) } } as unknown as SyncReport)).toBe('');
  });

  it('shows the time left in minutes and seconds', () => {
    expect(formatEta(null)).toBe('-');
    expect(formatEta(42_400)).toBe('42s');
    expect(formatEta(65_000)).toBe('1m 05s');
  });
});

describe('scope and interval arguments', () => {
  it('takes several scopes (spaces or commas) and names a bad one', () => {
    expect(parseScopes(undefined)).toBe('all');
    expect(parseScopes(['all'])).toBe('all');
    expect(parseScopes(['items', 'vendors,items'])).toEqual(['items', 'vendors']);
    expect(() => parseScopes(['items', 'stock'])).toThrow(/Unknown scope "stock"/);
    expect(() => parseScopes(['all', 'items'])).toThrow(/cannot be combined/);
  });

  it('reads per-flow intervals and names a bad pair', () => {
    expect(parseEvery('items=60, adjustments=5')).toEqual({ items: 60, adjustments: 5 });
    expect(() => parseEvery('items')).toThrow(/flow=minutes/);
    expect(() => parseEvery('stock=5')).toThrow(/Unknown scope "stock"/);
    expect(() => parseEvery('items=-1')).toThrow(/--every items must be a positive number/);
  });
});
