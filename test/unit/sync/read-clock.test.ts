import { describe, expect, it } from 'vitest';
import { noteServerTime, serverTimeOf } from '../../../src/qbo/server-time.js';
import { OVERLAP_MS, ReadClock } from '../../../src/sync/read/read-clock.js';

const host = (): number => Date.parse('2030-01-01T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

describe('ReadClock: the watermark of a read comes from QBO time', () => {
  it("takes the earliest response time, minus the overlap, even when the host's clock is elsewhere", () => {
    const clock = new ReadClock();
    clock.onServerTime(new Date('2026-03-02T09:00:05.250-08:00'));
    clock.onServerTime(new Date('2026-03-02T09:00:01.000-08:00'));
    clock.seeChange('2026-03-02T09:00:00-08:00');
    expect(clock.watermark('2026-01-01T00:00:00.000Z', host)).toBe(
      iso(Date.parse('2026-03-02T17:00:01.000Z') - OVERLAP_MS),
    );
  });

  it('without a response time, takes the newest change time read', () => {
    const clock = new ReadClock();
    clock.seeRecords([
      { MetaData: { LastUpdatedTime: '2026-03-02T09:00:00-08:00' } },
      { MetaData: { LastUpdatedTime: '2026-03-02T09:10:00-08:00' } },
      { Id: 'no-metadata' },
      null,
    ]);
    expect(clock.watermark(undefined, host)).toBe(iso(Date.parse('2026-03-02T17:10:00Z') - OVERLAP_MS));
  });

  it('with no QBO time at all, keeps the stored watermark; the host clock is the last resort', () => {
    expect(new ReadClock().watermark('2026-03-02T17:00:00.000Z', host)).toBe('2026-03-02T17:00:00.000Z');
    expect(new ReadClock().watermark(undefined, host)).toBe(iso(host() - OVERLAP_MS));
  });
});

describe("a response's time", () => {
  it('is read from `time` (QBO date-time or epoch milliseconds); anything else is none', () => {
    expect(serverTimeOf({ time: '2015-10-01T16:54:59.734-07:00' })?.toISOString()).toBe('2015-10-01T23:54:59.734Z');
    expect(serverTimeOf({ time: 1_443_743_699_734 })?.toISOString()).toBe('2015-10-01T23:54:59.734Z');
    for (const body of [{}, { time: 'yesterday' }, { time: null }, null, 'text'])
      expect(serverTimeOf(body)).toBe(undefined);
    const seen: Date[] = [];
    noteServerTime({ time: '2015-10-01T16:54:59.734-07:00' }, { onServerTime: (at) => seen.push(at) });
    noteServerTime({}, { onServerTime: (at) => seen.push(at) });
    expect(seen).toHaveLength(1);
  });
});
