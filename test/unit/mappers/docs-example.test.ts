import { describe, expect, it } from 'vitest';
import {
  createMapLookup,
  createMappers,
  type MapContext,
  type Mappers,
  MappingError,
  type Qbo,
  Synchronizer,
  type SynchronizerOptions,
} from '../../../src/index.js';

/** The customisation example of docs/mappers.md, run as written there. */
const mappers: Mappers = createMappers({
  // 1. One field of one mapper: a QBO custom field into an IntelliTrack field.
  item: {
    fields: {
      category: ({ source, warn }) => {
        const bin = source.CustomField?.find((f) => f.Name === 'Bin class')?.StringValue?.trim();
        if (!bin) {
          warn({ field: 'CustomField[Bin class]', code: 'defaulted', message: 'No bin class; category left empty.' });
          return null;
        }
        return bin.slice(0, 15);
      },
      // The manufacturer part number is what the warehouse scans.
      model: ({ source }) => source.ManPartNum?.slice(0, 25) ?? null,
    },
  },
  // 2. A whole mapper replaced, composed with the default one (given as the third argument).
  vendor: (vendor, ctx, defaults) => {
    const result = defaults.vendor(vendor, ctx);
    return {
      ...result,
      value: { ...result.value, accountNumber: vendor.TaxIdentifier ?? result.value.accountNumber ?? '' },
    };
  },
  // 3. A post-processing step: refuse estimates for a blocked customer.
  estimateToPicking: {
    after: (result, estimate) => {
      if (estimate.CustomerRef?.value === '13') {
        throw new MappingError({
          entity: 'Estimate',
          sourceId: estimate.Id ?? '?',
          path: 'CustomerRef',
          message: 'customer is on hold',
        });
      }
      return result;
    },
  },
});

const ctx: MapContext = {
  settings: { divisionId: 'div-1', defaultUom: 'EA' },
  lookup: createMapLookup({}),
  today: '2026-03-01',
  now: '2026-03-01T00:00:00.000Z',
};

describe('docs/mappers.md example', () => {
  it('maps a QBO custom field into category and ManPartNum into model', () => {
    const item: Qbo.Item = {
      Id: '7',
      Name: 'Drip emitter',
      Type: 'Inventory',
      ManPartNum: 'DE-2L',
      CustomField: [{ DefinitionId: '1', Name: 'Bin class', Type: 'StringType', StringValue: 'SMALL-PARTS' }],
    };
    expect(mappers.item(item, ctx).value).toMatchObject({
      itemNumber: 'Drip emitter',
      category: 'SMALL-PARTS',
      model: 'DE-2L',
    });
    expect(mappers.item({ ...item, CustomField: [] }, ctx).warnings).toContainEqual(
      expect.objectContaining({ code: 'defaulted', field: 'CustomField[Bin class]' }),
    );
  });

  it('uses the replaced vendor mapper', () => {
    expect(mappers.vendor({ Id: '2', DisplayName: 'Acme', TaxIdentifier: 'XXX-45' }, ctx).value.accountNumber).toBe(
      'XXX-45',
    );
  });

  it('plugs into the Synchronizer options', () => {
    const options: Pick<SynchronizerOptions, 'mappers'> = { mappers };
    expect(options.mappers?.item).toBe(mappers.item);
    expect(typeof Synchronizer).toBe('function');
  });
});
