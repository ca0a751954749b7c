import { z } from 'zod';

/** A text field QBO may send as a string, `null` or not at all; read as a string or `undefined`. */
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

/** An error code QBO sends as a string (`"6240"`), rarely as a number; read as a string. */
const code = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : String(v)));

/** One error of a QBO Fault. `code` is a string such as `"6240"`; `element` names the field blamed. */
export const FaultErrorSchema = z.looseObject({
  Message: text,
  Detail: text,
  code,
  element: text,
});
/** One error of a QBO Fault. */
export type FaultError = z.infer<typeof FaultErrorSchema>;

/**
 * QBO's error block (`Fault`): PascalCase `Error[]` plus a `type` such as `ValidationFault`,
 * `SystemFault`, `AuthenticationFault` or `SERVICE` (throttling).
 */
export const FaultSchema = z.looseObject({
  Error: z.array(FaultErrorSchema),
  type: text,
});
/** QBO's error block. */
export type Fault = z.infer<typeof FaultSchema>;

/** A whole error response body: `{ Fault, time }`. */
export const FaultResponseSchema = z.looseObject({
  Fault: FaultSchema,
  time: text,
});
/** A whole error response body. */
export type FaultResponse = z.infer<typeof FaultResponseSchema>;

/** One error of the lower-case envelope (401 and 403 answers); any field may be `null`. */
export const AuthFaultErrorSchema = z.looseObject({
  message: text,
  detail: text,
  code,
  element: text,
  moreInfo: text,
});

/**
 * The lower-case envelope QBO's gateway sends with a 401 (`type: "AUTHENTICATION"`) or a 403
 * (`type: "SERVICE"`, code 3100): `{ warnings, intuitObject, fault: { error: [...], type }, report,
 * queryResponse, batchItemResponse, attachableResponse, syncErrorResponse, requestId, time, status,
 * cdcresponse }`, with `time` in epoch milliseconds and `detail`/`element` often `null`.
 */
export const AuthFaultSchema = z.looseObject({
  fault: z.looseObject({
    error: z.array(AuthFaultErrorSchema),
    type: text,
  }),
  time: z.union([z.number(), z.string()]).nullish(),
  requestId: z.string().nullish(),
});
/** The lower-case envelope of a 401 or 403. */
export type AuthFault = z.infer<typeof AuthFaultSchema>;
