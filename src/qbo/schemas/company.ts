import { z } from 'zod';
import {
  type Documented,
  EmailAddressSchema,
  entityBaseShape,
  PhysicalAddressSchema,
  QboDateSchema,
  ReferenceTypeSchema,
  TelephoneNumberSchema,
  WebSiteAddressSchema,
} from './common.js';

/** A name/value pair (`NameValue`), used by CompanyInfo and `OtherPrefs`. */
export const NameValueSchema = z.looseObject({ Name: z.string(), Value: z.string().optional() });

/** The company (realm) itself (`CompanyInfo`). */
export const CompanyInfoSchema = z.looseObject({
  ...entityBaseShape,
  CompanyName: z.string().optional(),
  LegalName: z.string().optional(),
  CompanyAddr: PhysicalAddressSchema.optional(),
  CustomerCommunicationAddr: PhysicalAddressSchema.optional(),
  LegalAddr: PhysicalAddressSchema.optional(),
  CompanyEmailAddr: EmailAddressSchema.optional(),
  CustomerCommunicationEmailAddr: EmailAddressSchema.optional(),
  CompanyURL: WebSiteAddressSchema.optional(),
  PrimaryPhone: TelephoneNumberSchema.optional(),
  CompanyStartDate: QboDateSchema.optional(),
  FiscalYearStartMonth: z.string().optional(),
  Country: z.string().optional(),
  Email: EmailAddressSchema.optional(),
  WebAddr: WebSiteAddressSchema.optional(),
  SupportedLanguages: z.string().optional(),
  NameValue: z.array(NameValueSchema).optional(),
});
/** The company (realm) itself. */
export type CompanyInfo = Documented<z.infer<typeof CompanyInfoSchema>>;

/** Company settings (`Preferences`); only the blocks this SDK reads are typed, the rest pass through. */
export const PreferencesSchema = z.looseObject({
  ...entityBaseShape,
  AccountingInfoPrefs: z.looseObject({}).optional(),
  ProductAndServicesPrefs: z
    .looseObject({
      ForSales: z.boolean().optional(),
      ForPurchase: z.boolean().optional(),
      QuantityWithPriceAndRate: z.boolean().optional(),
      QuantityOnHand: z.boolean().optional(),
    })
    .optional(),
  SalesFormsPrefs: z.looseObject({}).optional(),
  VendorAndPurchasesPrefs: z.looseObject({}).optional(),
  TimeTrackingPrefs: z.looseObject({}).optional(),
  TaxPrefs: z.looseObject({}).optional(),
  CurrencyPrefs: z
    .looseObject({ MultiCurrencyEnabled: z.boolean().optional(), HomeCurrency: ReferenceTypeSchema.optional() })
    .optional(),
  OtherPrefs: z.looseObject({ NameValue: z.array(NameValueSchema).optional() }).optional(),
});
/** Company settings. */
export type Preferences = Documented<z.infer<typeof PreferencesSchema>>;
