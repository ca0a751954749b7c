import { QboItSyncError } from '../../core/errors.js';

/** A record handed to a state store is unusable, or the store itself cannot be used. */
export class StateStoreError extends QboItSyncError {
  override name = 'StateStoreError';
  /** What was being stored, e.g. `link item:42` or `journal adj:7:export`. */
  readonly record: string;
  /** The offending field, e.g. `itId`; empty when the whole record or store is at fault. */
  readonly field: string;

  constructor(init: { record: string; field: string; message: string; cause?: unknown }) {
    super(`${init.record}${init.field ? `, field ${init.field}` : ''}: ${init.message}`, init);
    this.record = init.record;
    this.field = init.field;
  }
}
