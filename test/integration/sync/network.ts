/**
 * A network between a client and an emulator that loses or garbles answers on cue: every request
 * really reaches the emulator (so QBO commits what it commits); only the answer is dropped (a
 * connection reset after the commit) or rewritten (an odd answer) before the client sees it.
 */

/** What a scripted fault does to the answer of the request it matches. */
export type AnswerFault =
  | { type: 'drop' }
  | { type: 'rewrite'; rewrite: (body: Record<string, unknown>) => unknown }
  /** QBO refuses batch item `bId` (it is not applied) and answers `fault` for it; the others go through. */
  | { type: 'refuse'; bId: string; fault: Record<string, unknown> };

/** Which requests a scripted fault applies to. */
export type RequestMatch = (request: { url: URL; method: string; body: string }) => boolean;

/** A QBO batch request that writes (not a batch of queries only). */
export const qboWriteBatch: RequestMatch = ({ url, body }) =>
  url.pathname.endsWith('/batch') && body.includes('"operation"');

/** A fetch that applies scripted answer faults, each to the next request it matches, once. */
export class FaultyNetwork {
  readonly #script: { match: RequestMatch; fault: AnswerFault }[] = [];
  /** Faults applied so far. */
  applied = 0;

  /** Queues faults, in order. */
  script(match: RequestMatch, ...faults: AnswerFault[]): this {
    for (const fault of faults) this.#script.push({ match, fault });
    return this;
  }

  /** Drops the scripted faults not applied yet. */
  clear(): this {
    this.#script.length = 0;
    return this;
  }

  /** Scripted faults not applied yet. */
  get pending(): number {
    return this.#script.length;
  }

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? await request.clone().text() : '';
    const seen = { url: new URL(request.url), method: request.method, body };
    const index = this.#script.findIndex((s) => s.match(seen));
    const fault = index < 0 ? undefined : this.#script.splice(index, 1)[0]?.fault;
    if (!fault) return globalThis.fetch(request);
    this.applied += 1;
    if (fault.type === 'refuse') return refuseItem(request, body, fault.bId, fault.fault);
    const response = await globalThis.fetch(request);
    const text = await response.text();
    if (fault.type === 'drop') {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      });
    }
    const rewritten = JSON.stringify(fault.rewrite(JSON.parse(text) as Record<string, unknown>));
    return new Response(rewritten, { status: response.status, headers: response.headers });
  };
}

/** Sends batch `request` without item `bId`, and answers `fault` for that item among the others' results. */
async function refuseItem(request: Request, body: string, bId: string, fault: Record<string, unknown>) {
  const batch = JSON.parse(body) as { BatchItemRequest: Record<string, unknown>[] };
  const rest = batch.BatchItemRequest.filter((item) => item.bId !== bId);
  if (rest.length === 0)
    return Response.json({ BatchItemResponse: [{ bId, Fault: fault }], time: new Date().toISOString() });
  const response = await globalThis.fetch(new Request(request, { body: JSON.stringify({ BatchItemRequest: rest }) }));
  const answer = (await response.json()) as { BatchItemResponse: Record<string, unknown>[] };
  const items = [...answer.BatchItemResponse, { bId, Fault: fault }];
  return Response.json({ ...answer, BatchItemResponse: items }, { status: response.status, headers: response.headers });
}

/** QBO's transient inventory-lock fault (code 6000), as it answers it for one batch item. */
export const LOCKED = {
  type: 'ValidationFault',
  Error: [
    {
      Message: 'A business validation error has occurred while processing your request',
      Detail:
        'Business Validation Error: Another user was editing a transaction with inventory products at the same time. Please try again.',
      code: '6000',
      element: '',
    },
  ],
};

/** A batch answer with item `bId` replaced by the lock fault, although QBO applied it (an answer garbled in transit). */
export function lockItem(bId: string): AnswerFault {
  return garbleItem(bId, () => ({ bId, Fault: LOCKED }));
}

/** QBO refuses batch item `bId` with the lock fault: not applied, the other items are. */
export function refuseLocked(bId: string): AnswerFault {
  return { type: 'refuse', bId, fault: LOCKED };
}

/** A batch answer whose item `bId` is garbled by `garble` (e.g. a field of the wrong type). */
export function garbleItem(bId: string, garble: (item: Record<string, unknown>) => unknown): AnswerFault {
  return {
    type: 'rewrite',
    rewrite: (body) => ({
      ...body,
      BatchItemResponse: (body.BatchItemResponse as Record<string, unknown>[]).map((item) =>
        item.bId === bId ? garble(item) : item,
      ),
    }),
  };
}

/** A batch answer with every item replaced by the lock fault, although QBO applied them all. */
export const lockAll: AnswerFault = {
  type: 'rewrite',
  rewrite: (body) => ({
    ...body,
    BatchItemResponse: (body.BatchItemResponse as Record<string, unknown>[]).map((item) => ({
      bId: item.bId,
      Fault: LOCKED,
    })),
  }),
};
