import { z } from 'zod';

/** One error of a QBO Fault. `code` is a string such as `"6240"`; `element` names the field blamed. */
export const FaultErrorSchema = z.looseObject({
  Message: z.string().optional(),
  Detail: z.string().optional(),
  code: z.string().optional(),
  element: z.string().optional(),
});
/** One error of a QBO Fault. */
export type FaultError = z.infer<typeof FaultErrorSchema>;

/**
 * QBO's error block (`Fault`): PascalCase `Error[]` plus a `type` such as `ValidationFault`,
 * `SystemFault`, `AuthenticationFault` or `SERVICE` (throttling).
 */
export const FaultSchema = z.looseObject({
  Error: z.array(FaultErrorSchema),
  type: z.string().optional(),
});
/** QBO's error block. */
export type Fault = z.infer<typeof FaultSchema>;

/** A whole error response body: `{ Fault, time }`. */
export const FaultResponseSchema = z.looseObject({
  Fault: FaultSchema,
  time: z.string().optional(),
});
/** A whole error response body. */
export type FaultResponse = z.infer<typeof FaultResponseSchema>;

/** One error of the lower-case body QBO sends with a 401. */
export const AuthFaultErrorSchema = z.looseObject({
  message: z.string().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  moreInfo: z.string().optional(),
});

/**
 * The body of a QBO 401: unlike every other Fault it is lower-case,
 * `{ warnings, intuitObject, fault: { error: [...], type: "AUTHENTICATION" }, report, queryResponse,
 * batchItemResponse, attachableResponse, syncErrorResponse, requestId, time, status, cdcresponse }`,
 * with `time` in epoch milliseconds.
 */
export const AuthFaultSchema = z.looseObject({
  fault: z.looseObject({
    error: z.array(AuthFaultErrorSchema),
    type: z.string().optional(),
  }),
  time: z.number().optional(),
  requestId: z.string().nullable().optional(),
});
/** The body of a QBO 401. */
export type AuthFault = z.infer<typeof AuthFaultSchema>;
