/**
 * SqliteStateStore at 100k links: `putLinks` of all of them in one call, the same in transactions of
 * 1000 (how a sync settles pages), and one full `listLinks` pass. Each phase runs in its own child
 * process so its peak RSS is its own; CPU time is reported beside wall time because the machine is
 * shared; a baseline child (open and close an empty store) shows what Node.js and tsx take alone.
 * Synchronous FULL (the default) and NORMAL are both measured.
 * Run: npx tsx bench/sqlite-store.ts [links=100000]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SqliteStateStore } from '../src/sqlite/index.js';
import type { Link } from '../src/sync/state/store.js';

type Phase = 'baseline' | 'put-one-call' | 'put-batches' | 'list';

function link(i: number): Link {
  return {
    entity: 'item',
    qboId: String(i + 1),
    itId: `it-${(i * 7919) % 1_000_003}-${i}`,
    origin: 'qbo',
    qboSyncToken: String(i % 9),
    itVersion: (i % 5) + 1,
    qboHash: `q${i.toString(16).padStart(16, '0')}`,
    itHash: `i${i.toString(16).padStart(16, '0')}`,
    data: {
      mapped: { itemNumber: `Part ${i}`, description: `Stainless part number ${i}`, uom: 'EA' },
      inventoryImported: i % 2 === 0,
    },
    updatedAt: 1_700_000_000_000 + i,
  };
}

async function child(phase: Phase, path: string, count: number, synchronous: 'full' | 'normal'): Promise<void> {
  const store = await SqliteStateStore.open({ path, synchronous });
  const cpu = process.cpuUsage();
  const start = performance.now();
  let seen = 0;
  if (phase === 'put-one-call') {
    await store.putLinks(Array.from({ length: count }, (_, i) => link(i)));
  } else if (phase === 'put-batches') {
    for (let from = 0; from < count; from += 1000) {
      const batch = Array.from({ length: Math.min(1000, count - from) }, (_, i) => link(from + i));
      await store.transaction(() => store.putLinks(batch));
    }
  } else if (phase === 'list') {
    for await (const page of store.listLinks('item')) seen += page.length;
    if (seen !== count) throw new Error(`listed ${seen} of ${count}`);
  }
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  await store.close();
  const result = { wallMs, cpuMs: (used.user + used.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(result));
}

function runChild(phase: Phase, path: string, count: number, synchronous: string): Record<string, number> {
  const script = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, phase, path, String(count), synchronous]);
  return JSON.parse(out.toString()) as Record<string, number>;
}

function main(): void {
  const count = Number(process.argv[2] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'qbo-it-bench-'));
  try {
    for (const synchronous of ['full', 'normal']) {
      const one = join(dir, `one-${synchronous}.sqlite`);
      const batches = join(dir, `batches-${synchronous}.sqlite`);
      const rows: [string, Record<string, number>][] = [
        [
          'baseline: open and close an empty store',
          runChild('baseline', join(dir, `empty-${synchronous}.sqlite`), 0, synchronous),
        ],
        [`putLinks x${count} in one call`, runChild('put-one-call', one, count, synchronous)],
        [`putLinks x${count} in transactions of 1000`, runChild('put-batches', batches, count, synchronous)],
        [`listLinks full pass over ${count}`, runChild('list', one, count, synchronous)],
      ];
      console.log(`synchronous=${synchronous.toUpperCase()} (file ${(statSync(one).size / 1e6).toFixed(1)} MB)`);
      for (const [name, r] of rows) {
        const fmt = (n: number | undefined): string => (n ?? Number.NaN).toFixed(0).padStart(7);
        console.log(
          `  ${name.padEnd(48)} wall ${fmt(r.wallMs)} ms  cpu ${fmt(r.cpuMs)} ms  peak RSS ${fmt(r.peakRssMb)} MB`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [phase, path, count, synchronous] = process.argv.slice(2);
if (phase === 'baseline' || phase === 'put-one-call' || phase === 'put-batches' || phase === 'list') {
  await child(phase, path as string, Number(count), synchronous === 'normal' ? 'normal' : 'full');
} else {
  main();
}
