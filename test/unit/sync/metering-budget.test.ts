import { describe, expect, it } from 'vitest';
import { forecast } from '../../../src/sync/engine/metering-budget.js';

describe('the allowance forecast', () => {
  const march = (day: number, hour = 0) => Date.UTC(2026, 2, day, hour);

  it('names the day the allowance runs out at the month’s rate so far', () => {
    // 10 days in, 200,000 used: 20,000 a day, so the other 300,000 last 15 more days.
    expect(forecast(200_000, 500_000, march(11))).toBe('2026-03-26');
  });

  it('is null when the allowance lasts the month, or nothing was used', () => {
    expect(forecast(100_000, 500_000, march(11))).toBeNull();
    expect(forecast(0, 500_000, march(11))).toBeNull();
  });

  it('is today once the allowance is used up', () => {
    expect(forecast(500_000, 500_000, march(20, 9))).toBe('2026-03-20');
  });
});
