/** Alerts: what the Synchronizer raises when an operator should look (see docs/alerts.md). */

import type { FlowName } from '../context.js';
import type { SyncEntity } from '../state/store.js';

/** What an alert is about. */
export type AlertKind = 'run-failed' | 'record-failed' | 'verify-differences' | 'auto-sync-stopped';

/** An error as an alert carries it: its class name and a message with secrets removed. */
export interface AlertError {
  name: string;
  message: string;
}

/** Fields every alert has. JSON-serialisable: the webhook's body is the alert itself. */
export interface AlertBase {
  /** Unique per alert and the same on every delivery attempt: receivers drop duplicates by it. */
  id: string;
  kind: AlertKind;
  /** ISO instant it was raised (the Synchronizer's clock). */
  at: string;
  /** The QBO company. */
  realmId: string;
  /** One line for people, e.g. for an e-mail subject or a chat message. */
  message: string;
}

/** A run stopped with an error (a run that was aborted raises none). */
export interface RunFailedAlert extends AlertBase {
  kind: 'run-failed';
  runId: string;
  operation: string;
  error: AlertError;
}

/** A record failed `attempts` times in a row (the `recordFailures` setting) and waits in the error queue. */
export interface RecordFailedAlert extends AlertBase {
  kind: 'record-failed';
  entity: SyncEntity;
  /** Which side the record was read from. */
  side: 'qbo' | 'intellitrack';
  /** QBO id or IntelliTrack key. */
  sourceId: string;
  attempts: number;
  error: AlertError & { code: string | null };
}

/** `verify()` found differences between the two systems. */
export interface VerifyDifferencesAlert extends AlertBase {
  kind: 'verify-differences';
  /** The report's `differences`. */
  differences: number;
  /** Per flow: records on one side only and linked pairs that differ. */
  flows: { flow: FlowName; oneSided: number; differing: number }[];
  /** Items whose quantities differ with no pending adjustment to explain it. */
  inventory: number;
}

/** Auto sync stopped on its own: an error that every further run would repeat (authorization, settings). */
export interface AutoSyncStoppedAlert extends AlertBase {
  kind: 'auto-sync-stopped';
  error: AlertError;
}

/** Any alert; switch on `kind`. */
export type Alert = RunFailedAlert | RecordFailedAlert | VerifyDifferencesAlert | AutoSyncStoppedAlert;

/** Where and how alerts are posted as signed JSON (see docs/alerts.md for the signature). */
export interface AlertWebhookOptions {
  /** An `http:` or `https:` URL that receives a POST per alert. */
  url: string;
  /** Shared secret of the HMAC-SHA256 signature (at least 16 characters). */
  secret: string;
  /** Attempts after the first when the receiver fails (a network error, 408, 429 or 5xx). @default 5 */
  retries?: number;
  /** Wait before the first retry; doubled each time, up to `maxDelayMs`. @default 1000 */
  minDelayMs?: number;
  /** @default 60000 */
  maxDelayMs?: number;
  /** Time allowed for one attempt. @default 10000 */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

/** The `alerts` option of the Synchronizer. */
export interface AlertOptions {
  /** Called with every alert; a hook that throws (or rejects) is logged and never breaks a sync. */
  onAlert?: (alert: Alert) => void | Promise<void>;
  /** Posts every alert, signed, to a URL; retried with backoff. */
  webhook?: AlertWebhookOptions;
  /** A record alerts once it failed this many times in a row. @default 3 */
  recordFailures?: number;
}
