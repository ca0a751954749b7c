import { describe, expect, it } from 'vitest';
import { isWrittenFrom } from '../../../src/sync/engine/reconcile.js';

const sent = {
  TxnDate: '2026-03-02',
  VendorRef: { value: '56' },
  PrivateNote: 'Receipt of IntelliTrack receiving order RO-7',
  Line: [
    {
      DetailType: 'ItemBasedExpenseLineDetail',
      Amount: 10,
      ItemBasedExpenseLineDetail: { ItemRef: { value: '3' }, Qty: 5 },
    },
    {
      DetailType: 'ItemBasedExpenseLineDetail',
      Amount: 4,
      ItemBasedExpenseLineDetail: { ItemRef: { value: '9' }, Qty: 2 },
    },
  ],
};

/** The record QBO keeps for `sent`: ids, tokens, line numbers and a sub-total line added, lines reordered. */
const held = {
  ...sent,
  Id: '145',
  SyncToken: '0',
  VendorRef: { value: '56', name: 'Acme' },
  Line: [
    { Id: '2', LineNum: 2, ...sent.Line[1] },
    { Id: '1', LineNum: 1, ...sent.Line[0] },
    { DetailType: 'SubTotalLineDetail', Amount: 14, SubTotalLineDetail: {} },
  ],
};

describe('isWrittenFrom: is a QBO record what a create body wrote', () => {
  it('matches the record QBO made from the body, whatever QBO added to it', () => {
    expect(isWrittenFrom(sent, held)).toBe(true);
  });

  it('does not match a record that differs in date, party, note or an item line', () => {
    expect(isWrittenFrom(sent, { ...held, TxnDate: '2026-03-03' })).toBe(false);
    expect(isWrittenFrom(sent, { ...held, VendorRef: { value: '57' } })).toBe(false);
    expect(isWrittenFrom(sent, { ...held, PrivateNote: 'Receipt of IntelliTrack receiving order RO-8' })).toBe(false);
    const fewer = { ...held, Line: held.Line.slice(1) };
    expect(isWrittenFrom(sent, fewer)).toBe(false);
    const other = {
      ...held,
      Line: [{ ...sent.Line[0], ItemBasedExpenseLineDetail: { ItemRef: { value: '3' }, Qty: 6 } }],
    };
    expect(isWrittenFrom(sent, other)).toBe(false);
  });

  it('matches names and document numbers by value, and never matches a body with nothing to identify it', () => {
    expect(isWrittenFrom({ DisplayName: 'Walk-in' }, { Id: '8', DisplayName: 'Walk-in', Active: true })).toBe(true);
    expect(isWrittenFrom({ DisplayName: 'Walk-in' }, { Id: '8', DisplayName: 'Walk-in 2' })).toBe(false);
    expect(isWrittenFrom({ DocNumber: 'IT-1001' }, { Id: '9', DocNumber: 'IT-1001' })).toBe(true);
    expect(isWrittenFrom({}, { Id: '9' })).toBe(false);
  });
});
