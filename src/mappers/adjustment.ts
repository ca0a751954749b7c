import { ConfigurationError } from '../core/errors.js';
import type { Adjustment } from '../intellitrack/schemas/inventory.js';
import type { InventoryAdjustment } from '../qbo/schemas/inventory-adjustment.js';
import type { InventoryAdjustmentLine } from '../qbo/schemas/lines.js';
import { fail } from './support.js';
import type { MapContext, MappingWarning, MapResult, QboBody } from './types.js';

/** QBO's maximum length of a line Description and of PrivateNote. */
const QBO_NOTE_LIMIT = 4000;

function line(adjustment: Adjustment, index: number, ctx: MapContext): InventoryAdjustmentLine {
  const itemRef = ctx.lookup.qboItemRef(adjustment.itemId);
  if (itemRef === undefined) {
    fail(
      { entity: 'Adjustment', id: adjustment.id },
      'itemId',
      `item ${adjustment.itemId} is not linked to a QBO item`,
    );
  }
  const reason = adjustment.reason.trim();
  const description = `IntelliTrack adjustment ${adjustment.id}${reason === '' ? '' : `: ${reason}`}`;
  return {
    LineNum: index + 1,
    DetailType: 'ItemAdjustmentLineDetail',
    Description: description.slice(0, QBO_NOTE_LIMIT),
    ItemAdjustmentLineDetail: { ItemRef: itemRef, QtyDiff: adjustment.quantityChange },
  };
}

/** The adjustment that occurred last (the first of equals); each timestamp is parsed once. */
function latestOf(adjustments: readonly Adjustment[], first: Adjustment): Adjustment {
  let latest = first;
  let latestAt = Date.parse(first.occurredAt);
  for (let i = 1; i < adjustments.length; i += 1) {
    const adjustment = adjustments[i] as Adjustment;
    const at = Date.parse(adjustment.occurredAt);
    if (at > latestAt) {
      latest = adjustment;
      latestAt = at;
    }
  }
  return latest;
}

/**
 * IntelliTrack inventory adjustments -> one QBO InventoryAdjustment body: `AdjustAccountRef` from
 * `settings.adjustmentAccountId`, one `ItemAdjustmentLineDetail` line per adjustment with
 * `QtyDiff` = its signed quantity change and its id and reason in the line Description (so an export
 * can be recognised in QBO), TxnDate = the date of the latest adjustment (in its own offset).
 * @throws ConfigurationError when `settings.adjustmentAccountId` is not set.
 * @throws MappingError when the list is empty or an item is not linked to QBO.
 * @example
 * const { value } = mapAdjustmentsToQbo(pendingAdjustments, ctx);
 */
export function mapAdjustmentsToQbo(
  adjustments: readonly Adjustment[],
  ctx: MapContext,
): MapResult<QboBody<InventoryAdjustment>> {
  const account = ctx.settings.adjustmentAccountId;
  if (!account) throw new ConfigurationError('settings.adjustmentAccountId is required to export adjustments.');
  const first = adjustments[0];
  if (first === undefined) fail({ entity: 'Adjustment', id: '(none)' }, 'adjustments', 'there is nothing to export');
  const warnings: MappingWarning[] = [];
  const latest = latestOf(adjustments, first);
  const ids = adjustments.map((a) => a.id).join(', ');
  const value: QboBody<InventoryAdjustment> = {
    TxnDate: latest.occurredAt.slice(0, 10),
    AdjustAccountRef: { value: account },
    PrivateNote: `IntelliTrack adjustments ${ids}`.slice(0, QBO_NOTE_LIMIT),
    Line: adjustments.map((a, i) => line(a, i, ctx)),
  };
  return { value, warnings };
}
