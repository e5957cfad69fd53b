// Contract handlers for statements: drafting, two-person approval and the fan-out of an approved
// statement, now or at a scheduled time. The acting person always comes from the session, never
// from the input.
import { auditedLater, type NamespaceHandlers, type Principal } from '../dispatch';
import { checkScheduledTime } from '../outbox/schedule';
import { exact, variantsByChannel, type HandlerDeps } from './handler-kit';

export function statementsHandlers({ statements, offlineDrafts, control, channels, events, clock }: Pick<HandlerDeps, 'statements' | 'offlineDrafts' | 'control' | 'channels' | 'events' | 'clock'>): NamespaceHandlers<'statements'> {
  const changed = <T extends { id: string }>(view: T): T => {
    events.emit('statements.changed', { id: view.id });
    return view;
  };
  /** What publishing and scheduling share: the approval checked now, one outbox row per channel. */
  const fanOutInput = async (id: string, channelIds: readonly string[], principal: Principal) => {
    const ready = await statements.assertPublishable(id, clock.now());
    const variants = variantsByChannel(channels, channelIds, ready.variants);
    // The approval's end travels with each row: the gate checks it again when the row would go out.
    return { statementId: id, approvers: [ready.authorId, ready.approverId], variants, images: ready.images, actor: principal, approvedUntil: ready.expiresAt };
  };
  return {
    'statements.list': ({ status }) => statements.list(status ? { status } : {}),
    'statements.get': async ({ id }) => ({ statement: await statements.get(id), versions: await statements.listVersions(id) }),
    'statements.save': async ({ images, ...input }, { principal }) => {
      // exact() narrows objects; the image list is passed as it is (an array of exact objects).
      // Team mode without the database: kept on this desk (offline-drafts.ts), nothing changed in the shared store yet.
      const result = await offlineDrafts.save({ ...exact(input), ...(images ? { images } : {}) }, principal.id, principal.displayName);
      if (result.savedLocally) {
        // Its audit entry is written when it syncs (the audit chain is in the shared store it could not reach).
        return auditedLater(result);
      }
      if (result.saved) changed(result.statement);
      return result;
    },
    'statements.submit': async ({ id }, { principal }) => changed(await statements.submit(id, principal.id)),
    'statements.approve': async ({ id, contentHash }, { principal }) => changed(await statements.approve(id, principal.id, contentHash)),
    'statements.reject': async ({ id, comment }, { principal }) => changed(await statements.reject(id, principal.id, comment)),
    'statements.publish': async ({ id, channelIds, throughFreeze }, { principal }) => {
      const rows = await control.outbox.fanOut({ ...(await fanOutInput(id, channelIds, principal)), throughFreeze });
      await statements.markPublished(id);
      events.emit('statements.changed', { id });
      return rows;
    },
    'statements.schedule': async ({ id, channelIds, at }, { principal }) => {
      const notBefore = checkScheduledTime(at, clock.now());
      const rows = await control.outbox.enqueue({ ...(await fanOutInput(id, channelIds, principal)), notBefore });
      // Scheduling consumes the approval like publishing; cancelling before it goes gives it back.
      await statements.markPublished(id);
      control.outbox.kick();
      events.emit('statements.changed', { id });
      return rows;
    },
  };
}
