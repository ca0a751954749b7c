import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TransactionGate, type TransactionHooks } from '../../../src/index.js';

function recordingHooks(log: string[], failCommitAt?: number): TransactionHooks {
  return {
    begin: (depth) => {
      log.push(`begin ${depth}`);
    },
    commit: (depth) => {
      if (depth === failCommitAt) throw new Error('commit failed');
      log.push(`commit ${depth}`);
    },
    rollback: (depth) => {
      log.push(`rollback ${depth}`);
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('TransactionGate', () => {
  it('calls the hooks with the nesting depth', async () => {
    const gate = new TransactionGate();
    const log: string[] = [];
    const hooks = recordingHooks(log);
    await gate.transaction(hooks, async () => {
      await gate.transaction(hooks, async () => {
        await gate.transaction(hooks, async () => {});
      });
      await gate
        .transaction(hooks, async () => {
          throw new Error('inner');
        })
        .catch(() => {});
    });
    expect(log).toEqual(['begin 0', 'begin 1', 'begin 2', 'commit 2', 'commit 1', 'begin 1', 'rollback 1', 'commit 0']);
  });

  it('rolls back and rethrows when the commit fails', async () => {
    const gate = new TransactionGate();
    const log: string[] = [];
    await expect(gate.transaction(recordingHooks(log, 0), async () => 1)).rejects.toThrow('commit failed');
    expect(log).toEqual(['begin 0', 'rollback 0']);
  });

  it('reports whether the caller is inside one of its transactions', async () => {
    const gate = new TransactionGate();
    const seen: boolean[] = [gate.inTransaction];
    await gate.transaction(recordingHooks([]), async () => {
      seen.push(gate.inTransaction);
      await tick();
      seen.push(gate.inTransaction);
    });
    seen.push(gate.inTransaction);
    expect(seen).toEqual([false, true, true, false]);
  });

  it('does not let work left running by a finished transaction slip into the next one', async () => {
    const gate = new TransactionGate();
    const log: string[] = [];
    let leftover: Promise<void> = Promise.resolve();
    const release = { resolve: (): void => {} };
    const held = new Promise<void>((resolve) => {
      release.resolve = resolve;
    });
    await gate.transaction(recordingHooks(log), async () => {
      leftover = tick().then(() =>
        tick().then(() =>
          gate.run(() => {
            log.push('leftover');
          }),
        ),
      );
    });
    const next = gate.transaction(recordingHooks(log), async () => {
      log.push('next:start');
      await held;
      log.push('next:end');
    });
    await tick();
    await tick();
    await tick();
    release.resolve();
    await Promise.all([next, leftover]);
    expect(log).toEqual(['begin 0', 'commit 0', 'begin 0', 'next:start', 'next:end', 'commit 0', 'leftover']);
  });

  it('serialises nested transactions started concurrently inside one transaction', async () => {
    const gate = new TransactionGate();
    const log: string[] = [];
    const hooks = recordingHooks(log);
    const inner = (name: string) =>
      gate.transaction(hooks, async () => {
        log.push(`${name}:start`);
        await tick();
        log.push(`${name}:end`);
      });
    await gate.transaction(hooks, async () => {
      await Promise.all([inner('a'), inner('b')]);
    });
    expect(log).toEqual([
      'begin 0',
      'begin 1',
      'a:start',
      'a:end',
      'commit 1',
      'begin 1',
      'b:start',
      'b:end',
      'commit 1',
      'commit 0',
    ]);
  });
});

describe('TransactionGate and Node’s promise tracking', () => {
  it('tracks async context only while one of its transactions is open', () => {
    const child = fileURLToPath(new URL('./fixtures/gate-tracking-child.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8' });
    const seen = JSON.parse(out) as Record<string, number | boolean>;
    expect(seen.before).toBe(0);
    expect(seen.inside).toBeGreaterThan(0);
    expect(seen.nested).toBeGreaterThan(0);
    expect(seen.after).toBe(0);
    expect(seen.afterRollback).toBe(0);
    expect(seen.stillNests).toBe(true);
  });
});
