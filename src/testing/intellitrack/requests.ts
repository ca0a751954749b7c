/** What a request did, as counted by {@link IntelliTrackRequestLog}. */
export type IntelliTrackRouteKind =
  | 'division'
  | 'sites'
  | 'locations'
  | 'uoms'
  | 'list'
  | 'changes'
  | 'get'
  | 'create'
  | 'update'
  | 'delete'
  | 'load'
  | 'receive'
  | 'pick'
  | 'close'
  | 'reopen'
  | 'export'
  | 'bulk'
  | 'unknown';

/** A request as the fault injector and the request log see it. */
export interface IntelliTrackRouteInfo {
  method: string;
  kind: IntelliTrackRouteKind;
  /** Resource of the route (`"items"`, `"receiving-orders"`, `"divisions"`…), null when unknown. */
  resource: string | null;
}

/** Which requests to count: every given field must match. */
export type IntelliTrackRequestFilter = Partial<IntelliTrackRouteInfo>;

/**
 * Counts routes by method, resource and kind. Counting is cheap and unbounded in time (no per-call
 * log).
 */
export class IntelliTrackRouteCounter {
  readonly #counts = new Map<string, { info: IntelliTrackRouteInfo; n: number }>();

  /** Counts one route. */
  record(info: IntelliTrackRouteInfo): void {
    const key = `${info.method} ${info.resource ?? '-'} ${info.kind}`;
    const entry = this.#counts.get(key);
    if (entry) entry.n++;
    else this.#counts.set(key, { info: { ...info }, n: 1 });
  }

  /**
   * Number of routes matching `filter` (all without one).
   * @example emulator.requests.count({ method: 'GET', kind: 'changes', resource: 'items' })
   */
  count(filter: IntelliTrackRequestFilter = {}): number {
    let n = 0;
    for (const entry of this.#counts.values()) {
      const { info } = entry;
      if (filter.method !== undefined && filter.method !== info.method) continue;
      if (filter.kind !== undefined && filter.kind !== info.kind) continue;
      if (filter.resource !== undefined && filter.resource !== info.resource) continue;
      n += entry.n;
    }
    return n;
  }

  /** Everything counted so far. */
  get total(): number {
    return this.count();
  }

  /** Counts keyed `"<METHOD> <kind>"`, e.g. `{ "GET changes": 12, "POST create": 3 }`. */
  byKind(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { info, n } of this.#counts.values()) {
      const key = `${info.method} ${info.kind}`;
      out[key] = (out[key] ?? 0) + n;
    }
    return out;
  }

  /** Counts keyed `"<METHOD> <resource> <kind>"`, e.g. `{ "GET items changes": 4 }`. */
  byRoute(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, { n }] of this.#counts) out[key] = n;
    return out;
  }

  /** Forgets every count. */
  reset(): void {
    this.#counts.clear();
  }
}

/**
 * Counts the HTTP requests the emulator received by method, resource and route kind, so tests and
 * benchmarks can assert how many API calls a sync made. A bulk request counts once, as
 * `POST bulk`; the writes it carried are counted apart, by their own route, in `operations`.
 * @example
 * emulator.requests.count({ kind: 'bulk' }); // HTTP requests to POST /bulk
 * emulator.requests.operations.count({ kind: 'create', resource: 'items' }); // item creates inside them
 */
export class IntelliTrackRequestLog extends IntelliTrackRouteCounter {
  /** The operations of bulk requests, by their own method, resource and route kind. */
  readonly operations = new IntelliTrackRouteCounter();

  /** Forgets every count, operations included. */
  override reset(): void {
    super.reset();
    this.operations.reset();
  }
}
