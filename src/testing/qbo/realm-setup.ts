import { createRecord, type WriteRules } from './operations.js';
import type { RealmStore } from './store.js';
import type { QboRecord } from './types.js';

/** Ids of the accounts every emulated company starts with. */
export interface QboDefaultAccounts {
  inventoryAsset: string;
  income: string;
  serviceIncome: string;
  cogs: string;
  payable: string;
  receivable: string;
  shrinkage: string;
}

const ACCOUNTS: [keyof QboDefaultAccounts, string, string, string][] = [
  ['inventoryAsset', 'Inventory Asset', 'Other Current Asset', 'Inventory'],
  ['income', 'Sales of Product Income', 'Income', 'SalesOfProductIncome'],
  ['serviceIncome', 'Services', 'Income', 'ServiceFeeIncome'],
  ['cogs', 'Cost of Goods Sold', 'Cost of Goods Sold', 'SuppliesMaterialsCogs'],
  ['payable', 'Accounts Payable (A/P)', 'Accounts Payable', 'AccountsPayable'],
  ['receivable', 'Accounts Receivable (A/R)', 'Accounts Receivable', 'AccountsReceivable'],
  ['shrinkage', 'Inventory Shrinkage', 'Cost of Goods Sold', 'OtherCostsOfServiceCos'],
];

function singleton(store: RealmStore, entity: 'CompanyInfo' | 'Preferences', body: Record<string, unknown>): void {
  const time = store.formatTime(store.stampMs());
  const record = {
    ...body,
    domain: 'QBO',
    sparse: false,
    Id: '1',
    SyncToken: '0',
    MetaData: { CreateTime: time, LastUpdatedTime: time },
  } as QboRecord;
  store.save(entity, record, 'Create');
}

/**
 * Gives a new company what a fresh QBO company with inventory tracking has: a chart of accounts for
 * stock, CompanyInfo and Preferences (`ProductAndServicesPrefs.QuantityOnHand`).
 */
export function setUpRealm(
  store: RealmStore,
  options: { companyName: string; trackInventory: boolean },
  rules: WriteRules,
): QboDefaultAccounts {
  const ids = {} as QboDefaultAccounts;
  for (const [key, Name, AccountType, AccountSubType] of ACCOUNTS) {
    ids[key] = createRecord(store, 'Account', { Name, AccountType, AccountSubType }, rules).Id;
  }
  singleton(store, 'CompanyInfo', {
    CompanyName: options.companyName,
    LegalName: options.companyName,
    Country: 'US',
    CompanyAddr: {
      Id: store.nextAddressId(),
      Line1: '2600 Marine Way',
      City: 'Mountain View',
      CountrySubDivisionCode: 'CA',
      PostalCode: '94043',
    },
    SupportedLanguages: 'en',
    NameValue: [{ Name: 'NeoEnabled', Value: 'true' }],
  });
  singleton(store, 'Preferences', {
    ProductAndServicesPrefs: {
      ForSales: true,
      ForPurchase: true,
      QuantityWithPriceAndRate: true,
      QuantityOnHand: options.trackInventory,
    },
    CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: 'USD' } },
  });
  return ids;
}
