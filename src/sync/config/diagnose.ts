import { ApiError, ConfigurationError, NotFoundError, PermissionDeniedError } from '../../core/errors.js';
import type { IntelliTrackApi } from '../../intellitrack/api.js';
import type { QboApi } from '../../qbo/api.js';
import type { ResolvedSettings } from '../settings.js';

/** QBO's ApplicationAuthorizationFailed: the token is not for this company. */
const QBO_WRONG_COMPANY = '3100';

/** A configuration problem an API error shows, with the setting to fix. */
export interface SettingFault {
  field: 'qbo.realmId' | 'settings.division';
  message: string;
}

/**
 * The QBO company setting behind `error`, when QBO refused the company itself (its
 * ApplicationAuthorizationFailed fault, 3100: the token was not issued for that realm id). Makes no
 * call.
 */
export function realmFault(error: unknown, realmId: string): SettingFault | undefined {
  if (!(error instanceof PermissionDeniedError) || error.service !== 'qbo') return undefined;
  if (error.code !== QBO_WRONG_COMPANY && !/ApplicationAuthorizationFailed/.test(error.message)) return undefined;
  return {
    field: 'qbo.realmId',
    message: `QBO refused company ${realmId}: check qbo.realmId (the QboClient's realmId) or connect that company again (${error.message}).`,
  };
}

function divisionFault(division: string, error: NotFoundError): SettingFault {
  return {
    field: 'settings.division',
    message: `IntelliTrack division "${division}" does not exist: check settings.division (${error.message}).`,
  };
}

function asConfiguration(fault: SettingFault, cause: unknown): ConfigurationError {
  return new ConfigurationError(fault.message, { cause });
}

/** True when IntelliTrack says the division does not exist. */
async function divisionMissing(it: IntelliTrackApi, division: string, signal: AbortSignal | undefined) {
  try {
    await it.getDivision(division, signal ? { signal } : {});
    return false;
  } catch (error) {
    return error instanceof NotFoundError;
  }
}

/**
 * What stopped a run, as the configuration problem it is when it is one: a QBO company the token
 * may not use (QBO answers so for a realm id that is wrong), or an IntelliTrack 404 that a look-up
 * shows comes from a division that does not exist, becomes a {@link ConfigurationError} naming
 * `qbo.realmId` / `settings.division` (its `cause` is the API error). Any other error is returned as
 * it is. Only an IntelliTrack 404 costs a call.
 */
export async function diagnoseFailure(
  error: unknown,
  deps: { qbo: QboApi; it: IntelliTrackApi; settings: ResolvedSettings },
  signal: AbortSignal | undefined,
): Promise<unknown> {
  if (!(error instanceof ApiError)) return error;
  const realm = realmFault(error, deps.qbo.realmId);
  if (realm) return asConfiguration(realm, error);
  if (!(error instanceof NotFoundError)) return error;
  if (error.service === 'intellitrack' && (await divisionMissing(deps.it, deps.settings.division, signal))) {
    return asConfiguration(divisionFault(deps.settings.division, error), error);
  }
  return error;
}
