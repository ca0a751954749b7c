import { z } from 'zod';
import { type Documented, entityBaseShape, openEnum, QboDateSchema, ReferenceTypeSchema } from './common.js';

/** Top-level account class (`AccountClassificationEnum`). */
export const AccountClassificationSchema = openEnum(['Asset', 'Equity', 'Expense', 'Liability', 'Revenue']);

/** Account type (`AccountTypeEnum`), e.g. `"Other Current Asset"` for inventory asset accounts. */
export const AccountTypeSchema = openEnum([
  'Bank',
  'Accounts Receivable',
  'Other Current Asset',
  'Fixed Asset',
  'Other Asset',
  'Accounts Payable',
  'Credit Card',
  'Other Current Liability',
  'Long Term Liability',
  'Equity',
  'Income',
  'Cost of Goods Sold',
  'Expense',
  'Other Income',
  'Other Expense',
  'Non-Posting',
]);

/** A QBO ledger account (`Account`). */
export const AccountSchema = z.looseObject({
  ...entityBaseShape,
  Name: z.string().optional(),
  SubAccount: z.boolean().optional(),
  ParentRef: ReferenceTypeSchema.optional(),
  Description: z.string().optional(),
  FullyQualifiedName: z.string().optional(),
  AccountAlias: z.string().optional(),
  Active: z.boolean().optional(),
  Classification: AccountClassificationSchema.optional(),
  AccountType: AccountTypeSchema.optional(),
  AccountSubType: z.string().optional(),
  AcctNum: z.string().optional(),
  OpeningBalance: z.number().optional(),
  OpeningBalanceDate: QboDateSchema.optional(),
  CurrentBalance: z.number().optional(),
  CurrentBalanceWithSubAccounts: z.number().optional(),
  CurrencyRef: ReferenceTypeSchema.optional(),
  TaxCodeRef: ReferenceTypeSchema.optional(),
});
/** A QBO ledger account. */
export type Account = Documented<z.infer<typeof AccountSchema>>;
