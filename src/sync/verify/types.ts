/** What `Synchronizer.verify()` returns: both systems compared, nothing written. JSON-serialisable. */

/** A record found on one side only (or linked, with its other side gone). */
export interface OneSidedRecord {
  side: 'qbo' | 'intellitrack';
  /** QBO id or IntelliTrack key. */
  id: string;
  name: string;
  /** Why it counts, e.g. `not linked` or `linked to IntelliTrack it-9, missing there`. */
  note: string;
}

/** A field whose IntelliTrack value is not the one last written from QBO. */
export interface FieldDifference {
  field: string;
  /** What the sync last wrote (QBO's value, as mapped). */
  expected: unknown;
  /** What IntelliTrack holds now. */
  actual: unknown;
}

/** A linked pair that differs: IntelliTrack edits and/or a QBO change not synced yet. */
export interface RecordDifference {
  qboId: string;
  itKey: string;
  fields: FieldDifference[];
  /** The QBO record changed (SyncToken) since the last sync wrote or read it. */
  changedInQbo: boolean;
}

/** Master data of one flow compared. */
export interface VerifyFlowReport {
  flow: 'items' | 'vendors' | 'customers';
  linked: number;
  oneSided: OneSidedRecord[];
  differences: RecordDifference[];
}

/** An item whose QBO QtyOnHand is not its IntelliTrack on-hand. */
export interface InventoryDifference {
  qboId: string;
  itKey: string;
  name: string;
  qbo: number;
  intellitrack: number;
  /** Sum of the item's IntelliTrack adjustments not exported to QBO yet. */
  pendingAdjustments: number;
  /** True when the difference is expected: see `reason`. */
  explained: boolean;
  /** Why an explained difference is expected (pending adjustments, a quantity never imported); else null. */
  reason: string | null;
}

/** An order open on at least one side, with its status on each. */
export interface OpenOrder {
  flow: 'receiving' | 'picking';
  qboId: string | null;
  docNumber: string | null;
  /** QBO POStatus / Estimate TxnStatus; null when not in QBO or not linked. */
  qboStatus: string | null;
  itKey: string | null;
  itStatus: string | null;
}

/** The outcome of `Synchronizer.verify()`. */
export interface VerifyReport {
  /** ISO instant. */
  checkedAt: string;
  flows: VerifyFlowReport[];
  /** Present when items or inventory were verified. */
  inventory: InventoryDifference[];
  openOrders: OpenOrder[];
  /** One-sided records + differing pairs + inventory differences pending adjustments do not explain. */
  differences: number;
  /** Requests verify sent (bulk reads only). */
  calls: { qbo: number; intellitrack: number };
}
