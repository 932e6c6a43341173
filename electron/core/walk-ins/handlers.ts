import type { CoreDeps } from '../deps';
import type { DomainHandlers } from '../handlers';
import { applyWalkIns } from './apply-walk-ins';

export function walkInsHandlers({ db, publishChange }: CoreDeps): DomainHandlers<'walkIns'> {
  return {
    // A station's walk-ins, asked online before admitting or sent after a spell offline.
    'walkIns.upload': async (input, { user, ctx }) => {
      const { results, changedEventIds } = await db.eventTx(
        input.items.map((item) => item.eventId),
        (sql) => applyWalkIns(sql, input, user, ctx.token!),
      );
      for (const eventId of changedEventIds) {
        await publishChange({ topic: 'registrations.changed', payload: { eventId } });
      }
      return { results };
    },
  };
}
