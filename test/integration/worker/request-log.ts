/**
 * Which worker talked to which realm's emulators when: every request a job makes is logged with the
 * job's tag (worker id and job number), and the check is that two jobs of one realm never overlap
 * in time — from the requests themselves, not from the queue's or the store's own bookkeeping.
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One request, as a line of a worker's log. */
export interface LoggedRequest {
  tag: string;
  realm: string;
  start: number;
  end: number;
}

/** A fetch that logs each request of one job to `file` (one JSON line each, written when it ends). */
export function loggingFetch(file: string, tag: string, realm: string): typeof globalThis.fetch {
  return async (input, init) => {
    const start = Date.now();
    try {
      return await globalThis.fetch(input, init);
    } finally {
      appendFileSync(file, `${JSON.stringify({ tag, realm, start, end: Date.now() })}\n`);
    }
  };
}

/** Every request logged in `dir` (files ending in `.requests.ndjson`). */
export function readRequests(dir: string): LoggedRequest[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.requests.ndjson'))
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as LoggedRequest),
    );
}

/** Pairs of jobs of one realm whose requests overlapped in time (should be none). */
export function overlappingJobs(requests: readonly LoggedRequest[]): string[] {
  const spans = new Map<string, { realm: string; tag: string; start: number; end: number }>();
  for (const r of requests) {
    const key = `${r.realm}\u0000${r.tag}`;
    const span = spans.get(key) ?? { realm: r.realm, tag: r.tag, start: r.start, end: r.end };
    span.start = Math.min(span.start, r.start);
    span.end = Math.max(span.end, r.end);
    spans.set(key, span);
  }
  const byRealm = new Map<string, { tag: string; start: number; end: number }[]>();
  for (const s of spans.values()) byRealm.set(s.realm, [...(byRealm.get(s.realm) ?? []), s]);
  const out: string[] = [];
  for (const [realm, list] of byRealm) {
    list.sort((a, b) => a.start - b.start);
    let last: { tag: string; end: number } | undefined;
    for (const cur of list) {
      if (last && cur.start < last.end) out.push(`${realm}: ${last.tag} and ${cur.tag}`);
      if (!last || cur.end > last.end) last = cur;
    }
  }
  return out;
}
