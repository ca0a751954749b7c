import { describe, expect, it } from 'vitest';
import {
  translateEstimateStatus,
  translatePickingStatus,
  translatePoStatus,
  translateReceivingStatus,
} from '../../../src/mappers/status.js';

describe('QBO POStatus <-> receiving order status', () => {
  it.each([
    ['Open', { known: true, value: 'Open', disposition: 'sync' }],
    ['Closed', { known: true, value: 'Closed', disposition: 'withdraw' }],
    [undefined, { known: true, value: 'Open', disposition: 'sync' }],
    ['Cancelled', { known: false, value: 'Cancelled', disposition: null }],
    ['open', { known: false, value: 'open', disposition: null }],
  ])('translates POStatus %j', (source, expected) => {
    expect(translatePoStatus(source)).toMatchObject(expected);
  });

  it.each([
    ['Open', true, 'Open'],
    ['Closed', true, 'Closed'],
    ['OnHold', false, 'OnHold'],
  ])('translates receiving status %s back', (source, known, value) => {
    expect(translateReceivingStatus(source)).toEqual({ known, value, source });
  });
});

describe('QBO Estimate TxnStatus <-> picking order status', () => {
  it.each([
    ['Pending', { known: true, value: null, disposition: 'wait' }],
    [undefined, { known: true, value: null, disposition: 'wait' }],
    ['Accepted', { known: true, value: 'Open', disposition: 'sync' }],
    ['Closed', { known: true, value: 'Closed', disposition: 'withdraw' }],
    ['Rejected', { known: true, value: 'Closed', disposition: 'withdraw' }],
    ['Converted', { known: false, value: 'Converted', disposition: null }],
    ['toString', { known: false, value: 'toString', disposition: null }],
  ])('translates TxnStatus %j', (source, expected) => {
    expect(translateEstimateStatus(source)).toMatchObject(expected);
  });

  it.each([
    ['Open', true, 'Accepted'],
    ['Closed', true, 'Closed'],
    ['Archived', false, 'Archived'],
  ])('translates picking status %s back', (source, known, value) => {
    expect(translatePickingStatus(source)).toEqual({ known, value, source });
  });
});
