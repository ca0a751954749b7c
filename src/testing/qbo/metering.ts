/**
 * The App Partner Program's metering as the emulator simulates it: per calendar month (UTC, by the
 * emulator's clock), every 2xx read, query or CDC call counts one CorePlus call and every 2xx write
 * one Core call; inside a batch request each successful operation counts as its own call. Counted
 * per company, limited per app: with a monthly allowance, once every company's CorePlus calls add up
 * to it, a CorePlus call of any company is blocked with a 429 whose fault names the monthly limit
 * (not the 3001 throttle) until the month changes; writes go on.
 */
import { meteringMonth } from '../../qbo/metering.js';
import { jsonResponse } from './http-util.js';
import type { EmulatorResponse } from './types.js';

/** Metered calls of one company in one month. */
export interface EmulatedUsage {
  month: string;
  corePlus: number;
  core: number;
}

/** The answer of a blocked CorePlus call (HTTP 429, JSON fault). */
export function allowanceBlocked(time: string): EmulatorResponse {
  const error = {
    Message: 'CorePlus API call limit reached',
    Detail: 'The monthly allowance of CorePlus API calls of this app is used up; calls resume next month.',
    code: '429',
  };
  return jsonResponse(429, { Fault: { Error: [error], type: 'SERVICE' }, time });
}

/** Counts one company's metered calls. */
export class RealmMeter {
  #usage: EmulatedUsage = { month: '', corePlus: 0, core: 0 };

  /** This month's usage (a new month starts at zero). */
  usage(now: number): EmulatedUsage {
    const month = meteringMonth(now);
    if (this.#usage.month !== month) this.#usage = { month, corePlus: 0, core: 0 };
    return { ...this.#usage };
  }

  /** Counts the answer of a call: nothing unless 2xx; a batch by its operations' results. */
  count(now: number, call: { kind: string; write: boolean }, res: EmulatorResponse): void {
    if (res.kind !== 'http' || res.status < 200 || res.status > 299) return;
    this.usage(now);
    if (call.kind !== 'batch') {
      if (call.write) this.#usage.core += 1;
      else this.#usage.corePlus += 1;
      return;
    }
    const items = (JSON.parse(res.body) as { BatchItemResponse?: Record<string, unknown>[] }).BatchItemResponse;
    for (const item of items ?? []) {
      if (item.Fault !== undefined) continue;
      if (item.QueryResponse !== undefined) this.#usage.corePlus += 1;
      else this.#usage.core += 1;
    }
  }
}
