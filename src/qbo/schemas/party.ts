import { z } from 'zod';
import {
  EmailAddressSchema,
  entityBaseShape,
  ReferenceTypeSchema,
  TelephoneNumberSchema,
  WebSiteAddressSchema,
} from './common.js';

/** Fields Customer and Vendor share (`NameBase` in the XSD). */
export const nameBaseShape = {
  ...entityBaseShape,
  Organization: z.boolean().optional(),
  Title: z.string().optional(),
  GivenName: z.string().optional(),
  MiddleName: z.string().optional(),
  FamilyName: z.string().optional(),
  Suffix: z.string().optional(),
  FullyQualifiedName: z.string().optional(),
  CompanyName: z.string().optional(),
  DisplayName: z.string().optional(),
  PrintOnCheckName: z.string().optional(),
  Active: z.boolean().optional(),
  PrimaryPhone: TelephoneNumberSchema.optional(),
  AlternatePhone: TelephoneNumberSchema.optional(),
  Mobile: TelephoneNumberSchema.optional(),
  Fax: TelephoneNumberSchema.optional(),
  PrimaryEmailAddr: EmailAddressSchema.optional(),
  WebAddr: WebSiteAddressSchema.optional(),
  DefaultTaxCodeRef: ReferenceTypeSchema.optional(),
};
