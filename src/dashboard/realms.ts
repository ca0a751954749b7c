import type { IntelliTrackApi } from '../intellitrack/api.js';
import type { StateStore } from '../sync/state/store.js';
import type { Synchronizer } from '../sync/synchronizer.js';

/** A company the picker lists. */
export interface DashboardRealm {
  /** The QBO realm id: the company's part of the URL (`/r/<realmId>/`). */
  realmId: string;
  /** The company's name as the operator knows it. */
  label: string;
}

/** What the dashboard needs of one company, opened on first visit and kept. */
export interface OpenedRealm {
  /** The company's Synchronizer: its pages run and report on it. */
  synchronizer: Synchronizer;
  /** The Synchronizer's state store (the Errors page reads its error queue). */
  store: StateStore;
  /** For "link by hand" searches on the IntelliTrack side. */
  intellitrack?: IntelliTrackApi;
  /** Called when the dashboard closes, e.g. to release the company's connections. */
  close?(): Promise<void>;
}

/**
 * The companies of the many-company mode: `list()` for the picker, `open()` for a company's pages
 * (undefined when the realm is unknown: the page is a 404 naming it).
 */
export interface DashboardRealms {
  /** Every company, for the picker (called on each visit of the picker and each first visit of a company). */
  list(): Promise<DashboardRealm[]>;
  /** Opens one company, or undefined when `realmId` is unknown. */
  open(realmId: string): Promise<OpenedRealm | undefined>;
}

/** Realm ids the URLs accept (QBO realm ids are digits; letters, `-` and `_` for tests and aliases). */
export const REALM_ID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;
