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
  synchronizer: Synchronizer;
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
  list(): Promise<DashboardRealm[]>;
  open(realmId: string): Promise<OpenedRealm | undefined>;
}

/** Realm ids the URLs accept (QBO realm ids are digits; letters, `-` and `_` for tests and aliases). */
export const REALM_ID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;
