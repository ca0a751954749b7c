import { z } from 'zod';
import { ExternalRefSchema, IdSchema, limited, OriginSchema, RecordMetaShape } from './common.js';

/** A ship-to address of a vendor or customer. */
export const ShipToSchema = z.looseObject({
  name: limited('name').min(1),
  address1: limited('address'),
  address2: limited('address'),
  address3: limited('address'),
  city: limited('city'),
  state: limited('state'),
  zip: limited('zip'),
  country: limited('country'),
});
/** A ship-to address of a customer. */
export type ShipTo = z.infer<typeof ShipToSchema>;

/** Writable fields shared by vendors and customers (the plugin's "Customer and Vendor Setup"). */
export const PartyFieldsShape = {
  divisionId: IdSchema,
  /** Required, unique in the division. QBO DisplayName. */
  companyName: limited('companyName').min(1),
  contactName: limited('contactName'),
  email: limited('email'),
  telephone: limited('telephone'),
  address1: limited('address'),
  address2: limited('address'),
  address3: limited('address'),
  city: limited('city'),
  state: limited('state'),
  zip: limited('zip'),
  country: limited('country'),
  accountNumber: limited('accountNumber'),
  shipTo: z.array(ShipToSchema),
  active: z.boolean(),
  externalRef: ExternalRefSchema,
  origin: OriginSchema,
};

const optionalText = [
  'contactName',
  'email',
  'telephone',
  'address1',
  'address2',
  'address3',
  'city',
  'state',
  'zip',
  'country',
  'accountNumber',
] as const;

function createShape() {
  const shape: Record<string, z.ZodType> = { ...PartyFieldsShape };
  for (const key of optionalText) shape[key] = PartyFieldsShape[key].optional();
  shape.shipTo = PartyFieldsShape.shipTo.optional();
  shape.active = PartyFieldsShape.active.optional();
  shape.externalRef = PartyFieldsShape.externalRef.optional();
  shape.origin = PartyFieldsShape.origin.optional();
  return shape as {
    [K in keyof typeof PartyFieldsShape]: K extends
      | (typeof optionalText)[number]
      | 'shipTo'
      | 'active'
      | 'externalRef'
      | 'origin'
      ? z.ZodOptional<(typeof PartyFieldsShape)[K]>
      : (typeof PartyFieldsShape)[K];
  };
}

/** A vendor. */
export const VendorSchema = z.looseObject({ ...RecordMetaShape, ...PartyFieldsShape });
/** An IntelliTrack vendor. */
export type Vendor = z.infer<typeof VendorSchema>;

/** A customer. */
export const CustomerSchema = z.looseObject({ ...RecordMetaShape, ...PartyFieldsShape });
/** An IntelliTrack customer. */
export type Customer = z.infer<typeof CustomerSchema>;

/** Body of `POST /vendors` and `POST /customers`; text fields default to "". */
export const PartyCreateSchema = z.object(createShape());
/** The body that creates a vendor or customer. */
export type PartyCreate = z.input<typeof PartyCreateSchema>;

/** Body of `PATCH /vendors/{id}` and `PATCH /customers/{id}`. */
export const PartyUpdateSchema = PartyCreateSchema.omit({ divisionId: true }).partial();
/** The body that updates a vendor or customer. */
export type PartyUpdate = z.input<typeof PartyUpdateSchema>;
