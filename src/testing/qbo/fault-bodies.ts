import type { FaultError } from './types.js';

/**
 * QBO's error answers, in one place. Messages and codes follow the recorded payloads in
 * `test/fixtures/qbo/` and Intuit's published error-code list.
 */

/** Raised inside the emulator to answer with a QBO Fault; never escapes to callers. */
export class QboFault extends Error {
  override name = 'QboFault';
  constructor(
    readonly status: number,
    readonly errors: readonly FaultError[],
    readonly type = 'ValidationFault',
  ) {
    super(errors[0]?.Message ?? 'Fault');
  }

  /** The JSON body `{ Fault: { Error, type } }` (without `time`). */
  toFault(): { Error: FaultError[]; type: string } {
    return { Error: [...this.errors], type: this.type };
  }
}

function fault(status: number, error: FaultError, type?: string): QboFault {
  return new QboFault(status, [error], type);
}

/** 610: the object is missing (read/update) or inactive (referenced). */
export function objectNotFound(detail?: string): QboFault {
  return fault(400, {
    Message: 'Object Not Found',
    Detail:
      detail ??
      "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
    code: '610',
    element: '',
  });
}

/** 2500: a reference names an object that does not exist. */
export function invalidReference(entity: string, id: string, element: string): QboFault {
  return fault(400, {
    Message: 'Invalid Reference Id',
    Detail: `Invalid Reference Id : ${entity} assigned to this transaction has been deleted. Before you can modify this transaction, you must restore ${entity} ${id} (deleted).`,
    code: '2500',
    element,
  });
}

/** 2020: a required field is missing. */
export function requiredMissing(element: string): QboFault {
  return fault(400, {
    Message: 'Required param missing, need to supply the required value for the API',
    Detail: `Required parameter ${element} is missing in the request`,
    code: '2020',
    element,
  });
}

/** 2030: an id that is not a number. */
export function invalidId(value: string): QboFault {
  return fault(400, {
    Message: 'Invalid ID',
    Detail: `Id should be a valid number. Supplied value:${value}`,
    code: '2030',
    element: 'Id',
  });
}

/** 2050: a string longer than QBO allows. */
export function stringTooLong(element: string, max: number): QboFault {
  return fault(400, {
    Message: 'String length is either shorter or longer than supported by specification',
    Detail: `String length specified does not match the supported length. Min:0 Max:${max} supplied length:`,
    code: '2050',
    element,
  });
}

/** 2010: a value QBO does not accept for a property. */
export function invalidProperty(element: string, detail: string): QboFault {
  return fault(400, {
    Message: 'Request has invalid or unsupported property',
    Detail: `Property Name:${detail} specified is unsupported or invalid`,
    code: '2010',
    element,
  });
}

/**
 * 5010: the SyncToken in the request is not the current one. As recorded, QBO names the other user
 * and leaves `element` empty.
 */
export function staleObject(otherUser = 'API API'): QboFault {
  return fault(400, {
    Message: 'Stale Object Error',
    Detail: `Stale Object Error : You and ${otherUser} were working on this at the same time. ${otherUser} finished before you did, so your work was not saved.`,
    code: '5010',
    element: '',
  });
}

/** 6240: a name-list name already in use. */
export function duplicateName(existingId: string): QboFault {
  return fault(400, {
    Message: 'Duplicate Name Exists Error',
    Detail: `The name supplied already exists. : Another record is already using this name (Id=${existingId}). Please use a different name.`,
    code: '6240',
  });
}

/** 6000: a business rule of the company refused the request. */
export function businessValidation(detail: string, element = ''): QboFault {
  return fault(400, {
    Message: 'A business validation error has occurred while processing your request',
    Detail: `Business Validation Error: ${detail}`,
    code: '6000',
    element,
  });
}

/** The transient 6000 QBO answers when two writes touch inventory items at once. */
export function inventoryLock(): QboFault {
  return businessValidation(
    'Another user was editing a transaction with inventory products at the same time. Please try again.',
  );
}

/** 500 "Unsupported Operation": an unknown resource or an operation the entity does not allow. */
export function unsupportedOperation(detail: string): QboFault {
  return fault(400, { Message: 'Unsupported Operation', Detail: `Operation ${detail} is not supported.`, code: '500' });
}

/** 4000: the query text cannot be parsed. */
export function queryParseError(detail: string): QboFault {
  return fault(400, { Message: 'Error parsing query', Detail: `QueryParserError: ${detail}`, code: '4000' });
}

/** 4001: the query parses but is not valid (unknown entity or property, OR, bad paging). */
export function queryValidationError(detail: string): QboFault {
  return fault(400, { Message: 'Invalid query', Detail: `QueryValidationError: ${detail}`, code: '4001' });
}

/** 10000: an injected server-side failure. */
export function systemFault(status: number): QboFault {
  return fault(
    status,
    {
      Message: 'An application error has occurred while processing your request',
      Detail: 'System Failure Error: An unexpected error occurred while accessing or saving your data.',
      code: '10000',
    },
    'SystemFault',
  );
}

/** The ThrottleExceeded body (3001) as JSON. */
export function throttleJson(time: string): unknown {
  return {
    Fault: {
      Error: [
        {
          Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429',
          Detail: 'The request limit was reached.  Try again later',
          code: '3001',
        },
      ],
      type: 'SERVICE',
    },
    time,
  };
}

/** The ThrottleExceeded body (3001) as the XML QBO has been seen to send even to JSON clients. */
export function throttleXml(time: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<IntuitResponse time="${time}" xmlns="http://schema.intuit.com/finance/v3">
  <Fault type="SERVICE">
    <Error code="3001">
      <Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>
      <Detail>The request limit was reached.  Try again later</Detail>
    </Error>
  </Fault>
</IntuitResponse>`;
}

/** The lower-case envelope QBO's gateway answers 401 and 403 with (`time` in epoch milliseconds). */
function lowerCaseEnvelope(nowMs: number, error: Record<string, unknown>, type: string): unknown {
  return {
    warnings: null,
    intuitObject: null,
    fault: { error: [error], type },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: nowMs,
    status: null,
    cdcresponse: [],
  };
}

/** The `WWW-Authenticate` header of a recorded 401. */
export const WWW_AUTHENTICATE_INVALID_TOKEN = 'Bearer realm="Intuit", error="invalid_token"';

/** QBO's 401 body: lower-case `fault`, code 3200. Never echoes the token. */
export function authenticationFailedBody(nowMs: number, detail: string): unknown {
  const message = 'message=AuthenticationFailed; errorCode=003200; statusCode=401';
  return lowerCaseEnvelope(nowMs, { message, detail, code: '3200', element: null }, 'AUTHENTICATION');
}

/** QBO's 403 when a valid token is used on a company it was not issued for: lower-case, `detail: null`. */
export function authorizationFailedBody(nowMs: number): unknown {
  const message = 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403';
  return lowerCaseEnvelope(nowMs, { message, detail: null, code: '3100', element: null }, 'SERVICE');
}

/**
 * The page a proxy in front of QBO answers with when QBO itself does not: nginx's 502 HTML page, a
 * load balancer's 503 HTML page, or the XML fault 6002 of a proxy timeout (504), as reported.
 */
export function gatewayBody(status: 502 | 503 | 504, time: string): { contentType: string; body: string } {
  if (status === 504) {
    return {
      contentType: 'application/xml',
      body: `<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${time}">
    <Fault type="SERVICE">
        <Error code="6002">
            <Message>message=Timeout occurred while proxying request; errorCode=006002; statusCode=504</Message>
        </Error>
    </Fault>
</IntuitResponse>`,
    };
  }
  const title = status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
  const server = status === 502 ? 'nginx' : 'Avi Vantage/';
  return {
    contentType: 'text/html',
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`,
  };
}
