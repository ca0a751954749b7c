import type { Clock } from '../../core/clock.js';
import { MeteredAllowanceExhaustedError } from '../../qbo/errors.js';
import {
  DEFAULT_MONTHLY_ALLOWANCE,
  emptyMeteredCounts,
  type MeteredCategory,
  type MeteredCounts,
  meteringMonth,
} from '../../qbo/metering.js';
import type { SyncEventEmitter } from '../events.js';
import type { StateStore } from '../state/store.js';

/** The Synchronizer's budget for Intuit's metered (CorePlus) calls. See docs/metering.md. */
export interface MeteringOptions {
  /** CorePlus calls the company may make per calendar month (the tier's allowance). @default 500000 */
  monthlyAllowance?: number;
  /** Shares of the allowance at which a `metering` warning event is emitted. @default [0.8, 0.95] */
  warnAt?: readonly number[];
}

/** Metered calls in a {@link SyncReport}: this run's, the month's so far, and the forecast. */
export interface MeteredReport extends MeteredCounts {
  /** `YYYY-MM` (UTC) the month totals are for. */
  month: string;
  /** The company's metered calls this month, this run included. */
  monthTotal: MeteredCounts;
  /** The monthly CorePlus allowance. */
  allowance: number;
  /** Day (`YYYY-MM-DD`) the allowance runs out at this month's rate; null when it lasts the month. */
  exhaustsOn: string | null;
  /** True when reads were paused because the allowance is used up. */
  exhausted: boolean;
}

/** The company's metered calls of the current month against the allowance, as the state store holds them. */
export type MeteredMonth = Omit<MeteredReport, keyof MeteredCounts>;

/** The month's CorePlus calls as a percentage of the allowance, to one decimal. */
export function meteredShare(m: Pick<MeteredMonth, 'monthTotal' | 'allowance'>): number {
  return Math.round((m.monthTotal.corePlus / m.allowance) * 1000) / 10;
}

/**
 * This month's metered calls of `realmId` from the state store, with the forecast: what an operator
 * screen shows between runs (`Synchronizer.meteredMonth()`).
 */
export async function readMeteredMonth(
  deps: { store: StateStore; realmId: string; clock: Clock },
  options: MeteringOptions = {},
): Promise<MeteredMonth> {
  const now = deps.clock.now();
  const month = meteringMonth(now);
  const allowance = options.monthlyAllowance ?? DEFAULT_MONTHLY_ALLOWANCE;
  const usage = await deps.store.getMeteredCalls(deps.realmId, month);
  const monthTotal = { corePlus: usage?.corePlus ?? 0, core: usage?.core ?? 0 };
  const exhausted = monthTotal.corePlus >= allowance;
  return { month, monthTotal, allowance, exhaustsOn: forecast(monthTotal.corePlus, allowance, now), exhausted };
}

/** The `metering` event: a share of the allowance was crossed, or it is used up. */
export interface MeteringEvent {
  level: 'warning' | 'exhausted';
  realmId: string;
  month: string;
  /** CorePlus calls this month. */
  used: number;
  allowance: number;
  /** The share crossed (e.g. 0.8), 1 when exhausted. */
  share: number;
  exhaustsOn: string | null;
  /** A sentence for the operator, e.g. "at this rate the allowance runs out on the 23rd". */
  message: string;
}

/** One run's metered calls, checked against the month's allowance before every CorePlus call. */
export class RunMeter {
  readonly run: MeteredCounts = emptyMeteredCounts();
  #usedBefore = 0;
  #coreBefore = 0;
  readonly #month: string;
  readonly #allowance: number;

  constructor(
    private readonly deps: { store: StateStore; realmId: string; clock: Clock; events: SyncEventEmitter },
    private readonly options: MeteringOptions = {},
  ) {
    this.#month = meteringMonth(deps.clock.now());
    this.#allowance = options.monthlyAllowance ?? DEFAULT_MONTHLY_ALLOWANCE;
  }

  /** Reads what the month used so far. */
  async start(): Promise<void> {
    const usage = await this.deps.store.getMeteredCalls(this.deps.realmId, this.#month);
    this.#usedBefore = usage?.corePlus ?? 0;
    this.#coreBefore = usage?.core ?? 0;
  }

  /** True when no CorePlus call is left this month. */
  get exhausted(): boolean {
    return this.#usedBefore + this.run.corePlus >= this.#allowance;
  }

  /** @throws MeteredAllowanceExhaustedError when the month's allowance is used up (the call is not sent). */
  gate(): void {
    if (!this.exhausted) return;
    throw new MeteredAllowanceExhaustedError(
      `QBO read not sent: company ${this.deps.realmId} used its ${this.#allowance} metered (CorePlus) calls for ${this.#month}`,
      { service: 'qbo' },
    );
  }

  /** Counts `n` successful calls of `category`. */
  count(category: MeteredCategory, n = 1): void {
    this.run[category] += n;
  }

  /** Saves the run's calls, emits the warnings the month crossed, and returns the report's part. */
  async finish(): Promise<MeteredReport> {
    const { store, realmId, clock } = this.deps;
    const now = clock.now();
    const saved =
      this.run.corePlus + this.run.core > 0
        ? await store.addMeteredCalls(realmId, this.#month, { ...this.run, at: now })
        : { corePlus: this.#usedBefore, core: this.#coreBefore };
    const exhaustsOn = forecast(saved.corePlus, this.#allowance, now);
    this.#warn(this.#usedBefore, saved.corePlus, exhaustsOn);
    return {
      ...this.run,
      month: this.#month,
      monthTotal: { corePlus: saved.corePlus, core: saved.core },
      allowance: this.#allowance,
      exhaustsOn,
      exhausted: saved.corePlus >= this.#allowance,
    };
  }

  #warn(before: number, after: number, exhaustsOn: string | null): void {
    const shares = [...(this.options.warnAt ?? [0.8, 0.95]), 1].sort((a, b) => a - b);
    const crossed = shares.filter((s) => before < s * this.#allowance && after >= s * this.#allowance).at(-1);
    if (crossed === undefined) return;
    const level = crossed >= 1 ? 'exhausted' : 'warning';
    const used = `${after} of ${this.#allowance} metered QBO calls (${Math.round((after / this.#allowance) * 100)}%) used in ${this.#month}`;
    const outlook =
      level === 'exhausted'
        ? 'reads are paused until next month; writes that need no read go on'
        : exhaustsOn
          ? `at this rate the allowance runs out on the ${ordinal(Number(exhaustsOn.slice(8)))}`
          : 'at this rate the allowance lasts the month';
    this.deps.events.emit('metering', {
      level,
      realmId: this.deps.realmId,
      month: this.#month,
      used: after,
      allowance: this.#allowance,
      share: crossed,
      exhaustsOn,
      message: `${used}; ${outlook}`,
    });
  }
}

/**
 * The day the allowance runs out if the month goes on at its rate so far (`YYYY-MM-DD`, UTC), or
 * null when it lasts the month.
 */
export function forecast(used: number, allowance: number, now: number): string | null {
  const d = new Date(now);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  if (used >= allowance) return new Date(now).toISOString().slice(0, 10);
  if (used <= 0 || now <= start) return null;
  const at = now + ((allowance - used) * (now - start)) / used;
  return at < end ? new Date(at).toISOString().slice(0, 10) : null;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st … 31st. */
function ordinal(day: number): string {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  return `${day}${teen ? 'th' : (['th', 'st', 'nd', 'rd'][day % 10] ?? 'th')}`;
}
