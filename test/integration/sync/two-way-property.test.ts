import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConflictPolicy } from '../../../src/sync/merge/policy.js';
import type { SyncReport } from '../../../src/sync/report.js';
import { startWorld, type World } from './harness.js';
import { expectNothingSilent } from './invariant.js';

/** Each world its own emulator seed, so its own QBO company: the client's rate limits are per company. */
let nextSeed = 100;

const COMPANY = { items: 4, vendors: 1, customers: 2, purchaseOrders: 1, estimates: 1, seed: 13 };

type Field = 'telephone' | 'email' | 'city';
type Edit = { kind: 'qbo' | 'it'; customer: number; field: Field; value: string };
type Action = Edit | { kind: 'it-inactive' | 'qbo-inactive'; customer: number } | { kind: 'sync' };

const VALUES: Record<Field, readonly string[]> = {
  telephone: ['555-0001', '555-0002', '555-0003'],
  email: ['a@x.test', 'b@x.test'],
  city: ['Oslo', 'Bergen'],
};

const action: fc.Arbitrary<Action> = fc.oneof(
  fc
    .record({
      kind: fc.constantFrom('qbo' as const, 'it' as const),
      customer: fc.nat(2),
      field: fc.constantFrom<Field>('telephone', 'email', 'city'),
      pick: fc.nat(2),
    })
    .map(({ pick, ...a }) => ({ ...a, value: VALUES[a.field][pick % VALUES[a.field].length] as string })),
  fc.record({ kind: fc.constantFrom('it-inactive' as const, 'qbo-inactive' as const), customer: fc.nat(2) }),
  fc.constant({ kind: 'sync' as const }),
);

const policy = fc.constantFrom<ConflictPolicy>('qbo-wins', 'intellitrack-wins', 'newest', 'manual');

/** The linked customers, QBO-originated first, then the one created in IntelliTrack. */
function customers(w: World): { itId: string; qboId: string }[] {
  return w.itEmu.data
    .list('customers')
    .filter((c) => c.externalRef !== null)
    .sort((a, b) => a.companyName.localeCompare(b.companyName))
    .map((c) => ({ itId: c.id, qboId: String(c.externalRef) }));
}

function qboPatch(field: Field, value: string): Record<string, unknown> {
  if (field === 'telephone') return { PrimaryPhone: { FreeFormNumber: value } };
  if (field === 'email') return { PrimaryEmailAddr: { Address: value } };
  return { BillAddr: { Line1: '1 Main St', City: value } };
}

function apply(w: World, a: Exclude<Action, { kind: 'sync' }>): void {
  const target = customers(w)[a.customer % 3];
  if (!target) throw new Error('customer missing');
  const q = w.qboEmu.data.get('Customer', target.qboId);
  const update = (patch: Record<string, unknown>): void => {
    w.qboEmu.data.update('Customer', { Id: target.qboId, SyncToken: q?.SyncToken, sparse: true, ...patch });
  };
  if (a.kind === 'qbo-inactive') update({ Active: false });
  else if (a.kind === 'it-inactive') w.itEmu.simulate.editCustomer(target.itId, { active: false });
  else applyEdit(w, a as Edit, { itId: target.itId, update });
}

function applyEdit(w: World, edit: Edit, target: { itId: string; update: (patch: Record<string, unknown>) => void }) {
  const { update } = target;
  if (edit.kind === 'qbo') update(qboPatch(edit.field, edit.value));
  else if (edit.field === 'city')
    w.itEmu.simulate.editCustomer(target.itId, { address1: '1 Main St', city: edit.value });
  else w.itEmu.simulate.editCustomer(target.itId, { [edit.field]: edit.value });
}

async function run(w: World): Promise<SyncReport> {
  const report = await w.sync.syncCustomers();
  expect(report.status).toBe('completed');
  await expectNothingSilent(w, report, ['customer']);
  return report;
}

function writes(report: SyncReport): number {
  return (
    report.calls.qbo.write + report.calls.qbo.batch + report.calls.intellitrack.write + report.calls.intellitrack.bulk
  );
}

describe('customers both ways under random interleavings', () => {
  it('never leaves a difference unreported, and a final quiet run writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 8 }), policy, async (actions, telephone) => {
        const w = await startWorld({
          seed: nextSeed++,
          company: COMPANY,
          settings: { conflicts: { customer: { telephone } } },
        });
        try {
          await w.sync.syncCustomers();
          w.itEmu.simulate.createCustomer({ companyName: 'Zeta Warehouse Walk-in', telephone: '555-0000' });
          await w.sync.syncCustomers();
          for (const a of actions) {
            if (a.kind === 'sync') await run(w);
            else apply(w, a);
          }
          await run(w);
          const quiet = await run(w);
          expect(writes(quiet)).toBe(0);
        } finally {
          await w.close();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
