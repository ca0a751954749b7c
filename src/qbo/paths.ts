/** URL path pieces of the QBO API, checked so that no value from a record can change the path. */
import { ConfigurationError, InvalidArgumentError } from '../core/errors.js';

// Realm ids are digits; letters, "-" and "_" are let through for emulators and tests.
const SAFE_REALM = /^[A-Za-z0-9_-]+$/;

/**
 * The realm id as a path segment.
 * @throws ConfigurationError when it is empty or holds anything but letters, digits, `-` and `_`
 */
export function realmSegment(realmId: string): string {
  if (!realmId) throw new ConfigurationError('QboClient needs a realmId');
  if (typeof realmId !== 'string' || !SAFE_REALM.test(realmId)) {
    throw new ConfigurationError('QboClient realmId may hold only letters, digits, "-" and "_"');
  }
  return realmId;
}

/**
 * `/<entity>` in lower case, e.g. `/purchaseorder`.
 * @throws InvalidArgumentError when `entity` is not a plain word (it never reaches the URL)
 */
export function entityPath(entity: string): string {
  if (typeof entity !== 'string' || !/^[A-Za-z]+$/.test(entity)) {
    throw new InvalidArgumentError(`${JSON.stringify(entity)} is not a QBO entity name`);
  }
  return `/${entity.toLowerCase()}`;
}
