import type { Synchronizer } from '../../sync/synchronizer.js';
import type { CommandContext } from '../context.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';

/** Options of the commands that change a record by hand. */
export interface ManualCommandOptions {
  /** Who made the change, as the activity log names it. @default the OS user, else `operator` */
  by?: string;
}

/** What each command does, its result line and its message. */
interface ManualChange<A> {
  type: string;
  apply(sync: Synchronizer, args: A, options: { by: string; signal: AbortSignal }): Promise<void>;
  text(args: A): string;
}

function manual<A extends { flow: string }>(change: ManualChange<A>) {
  return async (ctx: CommandContext, args: A, options: ManualCommandOptions): Promise<ExitCodeValue> => {
    const { sync } = await ctx.runtime();
    const by = options.by ?? ctx.deps.env.USER ?? ctx.deps.env.USERNAME ?? 'operator';
    await change.apply(sync, args, { by, signal: ctx.signal });
    ctx.out.result(change.type, change.text(args), { ...args, by });
    return ExitCode.ok;
  };
}

/** `qbo-it link <flow> <qboId> <itKey>`: links two records by hand; the next run updates instead of creating. */
export const linkCommand = manual<{ flow: string; qboId: string; itKey: string }>({
  type: 'linked',
  apply: (sync, a, o) => sync.link(a.flow, a.qboId, a.itKey, o),
  text: (a) => `Linked ${a.flow} QBO ${a.qboId} to IntelliTrack ${a.itKey}.`,
});

/** `qbo-it unlink <flow> <qboId>` */
export const unlinkCommand = manual<{ flow: string; qboId: string }>({
  type: 'unlinked',
  apply: (sync, a, o) => sync.unlink(a.flow, a.qboId, o),
  text: (a) => `Unlinked ${a.flow} QBO ${a.qboId}.`,
});

/** `qbo-it ignore <flow> <record> <reason...>`: runs skip the record until `unignore`. */
export const ignoreCommand = manual<{ flow: string; record: string; reason: string }>({
  type: 'ignored',
  apply: (sync, a, o) => sync.ignore(a.flow, a.record, a.reason, o),
  text: (a) => `Ignoring ${a.flow} ${a.record}: ${a.reason}.`,
});

/** `qbo-it unignore <flow> <record>`: lifts `ignore` and queues the record for `retry-failed`. */
export const unignoreCommand = manual<{ flow: string; record: string }>({
  type: 'unignored',
  apply: (sync, a, o) => sync.unignore(a.flow, a.record, o),
  text: (a) => `No longer ignoring ${a.flow} ${a.record}.`,
});
