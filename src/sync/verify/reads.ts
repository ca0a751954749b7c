/** The bulk reads verify makes: every page of a QBO query and of an IntelliTrack list, counted. */

import type { IntelliTrackApi, ItResource } from '../../intellitrack/api.js';
import type { QboApi, QboEntityName, QuerySpec } from '../../qbo/api.js';

/** What verify reads with, and how many requests it sent. */
export interface VerifyContext {
  qbo: QboApi;
  it: IntelliTrackApi;
  divisionId: string;
  signal: AbortSignal | undefined;
  calls: { qbo: number; intellitrack: number };
}

type Rec = Record<string, unknown>;

/** Every record of a QBO query, page by page (one request per page). */
export async function qboAll(ctx: VerifyContext, query: QuerySpec<QboEntityName>): Promise<Rec[]> {
  const out: Rec[] = [];
  const options = ctx.signal ? { signal: ctx.signal } : {};
  for await (const page of ctx.qbo.pages(query, options)) {
    ctx.calls.qbo += 1;
    out.push(...(page.records as unknown as Rec[]));
  }
  return out;
}

/** Every record of an IntelliTrack list in the division, page by page. */
export async function itAll(ctx: VerifyContext, resource: ItResource, params: { exportStatus?: 'pending' } = {}) {
  const out: Rec[] = [];
  const options = ctx.signal ? { signal: ctx.signal } : {};
  for await (const page of ctx.it.pages(resource, { divisionId: ctx.divisionId, limit: 1000, ...params }, options)) {
    ctx.calls.intellitrack += 1;
    out.push(...(page.data as unknown as Rec[]));
  }
  return out;
}

/** A string field of a record ("" when absent). */
export function text(record: Rec | undefined, field: string): string {
  const value = record?.[field];
  return typeof value === 'string' ? value : '';
}
