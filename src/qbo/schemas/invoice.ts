import { z } from 'zod';
import type { Documented } from './common.js';
import { salesTransactionShape } from './sales.js';

/** A QBO invoice (`Invoice`). */
export const InvoiceSchema = z.looseObject({
  ...salesTransactionShape,
  Deposit: z.number().optional(),
  AllowIPNPayment: z.boolean().optional(),
  AllowOnlinePayment: z.boolean().optional(),
  AllowOnlineCreditCardPayment: z.boolean().optional(),
  AllowOnlineACHPayment: z.boolean().optional(),
  InvoiceLink: z.string().optional(),
});
/** A QBO invoice. */
export type Invoice = Documented<z.infer<typeof InvoiceSchema>>;
