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
import type { MeteredTotal, StateStore } from '../state/store.js';

/**
 * What the allowance is counted against. `'app'`: every company's calls in the state store, summed —
 * Intuit limits an app, across every company it serves. `'company'`: this company's calls alone
 * (each company given its own share of the allowance).
 */
export type MeteringScope = 'app' | 'company';

/** The Synchronizer's budget for Intuit's metered (CorePlus) calls. See docs/metering.md. */
export interface MeteringOptions {
  /** CorePlus calls per calendar month (the tier's allowance, or the company's share of it). @default 500000 */
  monthlyAllowance?: number;
  /** Shares of the allowance at which a `metering` warning event is emitted. @default [0.8, 0.95] */
  warnAt?: readonly number[];
  /** What the allowance is counted against. @default "app" */
  scope?: MeteringScope;
}

/** Metered calls in a {@link SyncReport}: this run's, the month's so far, and the forecast. */
export interface MeteredReport extends MeteredCounts {
  /** `YYYY-MM` (UTC) the month totals are for. */
  month: string;
  /** The company's metered calls this month, this run included. */
  monthTotal: MeteredCounts;
  /** Every company's calls this month in the state store, summed (the app's, when all sync through it). */
  appTotal: MeteredTotal;
  /** What `allowance`, `exhaustsOn` and `exhausted` count: `appTotal` ("app") or `monthTotal` ("company"). */
  scope: MeteringScope;
  /** The monthly CorePlus allowance. */
  allowance: number;
  /** Day (`YYYY-MM-DD`) the allowance runs out at this month's rate; null when it lasts the month. */
  exhaustsOn: string | null;
  /** True when reads were paused because the allowance is used up. */
  exhausted: boolean;
}

/** The company's metered calls of the current month against the allowance, as the state store holds them. */
export type MeteredMonth = Omit<MeteredReport, keyof MeteredCounts>;

/** The month's CorePlus calls counted against the allowance: the app's or the company's (`scope`). */
export function countedCorePlus(m: Pick<MeteredMonth, 'monthTotal' | 'appTotal' | 'scope'>): number {
  return m.scope === 'app' ? m.appTotal.corePlus : m.monthTotal.corePlus;
}

/** The month's counted CorePlus calls as a percentage of the allowance, to one decimal. */
export function meteredShare(m: Pick<MeteredMonth, 'monthTotal' | 'appTotal' | 'scope' | 'allowance'>): number {
  return Math.round((countedCorePlus(m) / m.allowance) * 1000) / 10;
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
  const scope = options.scope ?? 'app';
  const [usage, appTotal] = await Promise.all([
    deps.store.getMeteredCalls(deps.realmId, month),
    deps.store.sumMeteredCalls(month),
  ]);
  const monthTotal = { corePlus: usage?.corePlus ?? 0, core: usage?.core ?? 0 };
  const used = countedCorePlus({ monthTotal, appTotal, scope });
  return {
    month,
    monthTotal,
    appTotal,
    scope,
    allowance,
    exhaustsOn: forecast(used, allowance, now),
    exhausted: used >= allowance,
  };
}

/** The `metering` event: a share of the allowance was crossed, or it is used up. */
export interface MeteringEvent {
  level: 'warning' | 'exhausted';
  /** The company whose run crossed the share. */
  realmId: string;
  month: string;
  /** What `used` counts: every company's calls in the state store ("app") or this company's. */
  scope: MeteringScope;
  /** CorePlus calls this month, counted by `scope`. */
  used: number;
  allowance: number;
  /** The share crossed (e.g. 0.8), 1 when exhausted. */
  share: number;
  exhaustsOn: string | null;
  /** A sentence for the operator, e.g. "at this rate the allowance runs out on the 23rd". */
  message: string;
}

/**
 * One run's metered calls, checked against the month's allowance before every CorePlus call. The
 * month's count is read when the run starts: calls other runs make meanwhile (other companies of
 * the app) are seen by the next run, and QBO's own allowance 429 stops reads in between.
 */
export class RunMeter {
  readonly run: MeteredCounts = emptyMeteredCounts();
  /** The month's company usage when the run started. */
  #before: MeteredCounts = emptyMeteredCounts();
  /** The month's counted CorePlus calls (by scope) when the run started. */
  #countedBefore = 0;
  readonly #month: string;
  readonly #allowance: number;
  readonly #scope: MeteringScope;

  constructor(
    private readonly deps: { store: StateStore; realmId: string; clock: Clock; events: SyncEventEmitter },
    private readonly options: MeteringOptions = {},
  ) {
    this.#month = meteringMonth(deps.clock.now());
    this.#allowance = options.monthlyAllowance ?? DEFAULT_MONTHLY_ALLOWANCE;
    this.#scope = options.scope ?? 'app';
  }

  /** Reads what the month used so far. */
  async start(): Promise<void> {
    const month = await readMeteredMonth(this.deps, this.options);
    this.#before = month.monthTotal;
    this.#countedBefore = countedCorePlus(month);
  }

  /** True when no CorePlus call is left this month. */
  get exhausted(): boolean {
    return this.#countedBefore + this.run.corePlus >= this.#allowance;
  }

  /** @throws MeteredAllowanceExhaustedError when the month's allowance is used up (the call is not sent). */
  gate(): void {
    if (!this.exhausted) return;
    const whose =
      this.#scope === 'app'
        ? `the app's ${this.#allowance} metered (CorePlus) calls for ${this.#month} are used up (every company in this state store; this one is ${this.deps.realmId})`
        : `company ${this.deps.realmId} used its ${this.#allowance} metered (CorePlus) calls for ${this.#month}`;
    throw new MeteredAllowanceExhaustedError(`QBO read not sent: ${whose}`, { service: 'qbo' });
  }

  /** Counts `n` successful calls of `category`. */
  count(category: MeteredCategory, n = 1): void {
    this.run[category] += n;
  }

  /**
   * Saves the run's calls, emits the warnings its add crossed, and returns the report's part. The
   * shares crossed are those between the counted total just before the add and just after it, as
   * the store read them in one step: when runs of several companies (several processes) add at
   * once, each share is crossed by one of them, and warned of once.
   */
  async finish(): Promise<MeteredReport> {
    const { store, realmId, clock } = this.deps;
    const now = clock.now();
    const added =
      this.run.corePlus + this.run.core > 0
        ? await store.addMeteredCalls(realmId, this.#month, { ...this.run, at: now })
        : undefined;
    const monthTotal = added ? { corePlus: added.corePlus, core: added.core } : this.#before;
    const appTotal = added?.appTotal ?? (await store.sumMeteredCalls(this.#month));
    const counted = countedCorePlus({ monthTotal, appTotal, scope: this.#scope });
    const exhaustsOn = forecast(counted, this.#allowance, now);
    // A run that added nothing crossed nothing (another company's run that did warns of it).
    this.#warn(counted - this.run.corePlus, counted, exhaustsOn);
    return {
      ...this.run,
      month: this.#month,
      monthTotal,
      appTotal,
      scope: this.#scope,
      allowance: this.#allowance,
      exhaustsOn,
      exhausted: counted >= this.#allowance,
    };
  }

  #warn(before: number, after: number, exhaustsOn: string | null): void {
    const shares = [...(this.options.warnAt ?? [0.8, 0.95]), 1].sort((a, b) => a - b);
    const crossed = shares.filter((s) => before < s * this.#allowance && after >= s * this.#allowance).at(-1);
    if (crossed === undefined) return;
    const level = crossed >= 1 ? 'exhausted' : 'warning';
    const whose =
      this.#scope === 'app' ? 'by the app (every company in this state store)' : `by company ${this.deps.realmId}`;
    const used = `${after} of ${this.#allowance} metered QBO calls (${Math.round((after / this.#allowance) * 100)}%) used ${whose} in ${this.#month}`;
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
      scope: this.#scope,
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
