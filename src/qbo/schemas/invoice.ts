import { z } from 'zod';
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
export type Invoice = z.infer<typeof InvoiceSchema>;
