/** Timestamps of the records below. */
export const T = '2026-01-02T03:04:05.000Z';

/** A complete IntelliTrack item record as the API returns it. */
export function itemRecord(id: string, version = 1) {
  return {
    id,
    version,
    createdAt: T,
    updatedAt: T,
    divisionId: 'div1',
    itemNumber: `N-${id}`,
    alternateNumber: null,
    description: 'Widget',
    category: null,
    model: null,
    manufacturer: null,
    uom: 'EA',
    unitCost: 1,
    unitPrice: 2,
    active: true,
    trackLot: false,
    trackSerial: false,
    trackExpiration: false,
    externalRef: null,
    origin: 'intellitrack',
  };
}

/** The body of a valid item create. */
export const itemCreateBody = {
  divisionId: 'div1',
  itemNumber: 'N-1',
  description: 'W',
  uom: 'EA',
  unitCost: 1,
  unitPrice: 2,
  active: true,
};
