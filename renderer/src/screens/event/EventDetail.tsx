import { useState } from 'react';
import { managesEvent } from '@shared/access';
import type { EventDto } from '@shared/domain';
import { act } from '../../api/act';
import { keys } from '../../app/shortcut-list';
import { useShortcut } from '../../app/shortcuts';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState, Loading } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { StatusBadge } from '../../components/StatusBadge';
import { eventWhen } from '../../format/dates';
import { useNavigation } from '../../stores/navigation';
import { useSession } from '../../stores/session';
import { EventFormDialog } from '../events/EventFormDialog';
import { ActivityCharts } from './ActivityCharts';
import { AttendeesPanel } from './AttendeesPanel';
import { QuestionsPanel } from '../questions/QuestionsPanel';
import { EventStats } from './EventStats';
import { useAttendeeView } from './use-attendee-pages';
import { useEventDetail } from './use-event-detail';
import { TicketTypesPanel } from './TicketTypesPanel';
import { CopyEventDialog } from './CopyEventDialog';
import { CheckInPointsPanel } from '../door-day/CheckInPointsPanel';
import { DoorStaffPanel } from '../door-day/DoorStaffPanel';
import { BadgesPanel } from '../door-day/BadgesPanel';
import { DoorActivityPanel } from '../door-day/DoorActivityPanel';

type Open = 'edit' | 'cancel' | 'copy' | null;

function EventHeader(props: { event: EventDto; canManage: boolean; onOpen(open: Open): void }) {
  const { event, canManage, onOpen } = props;
  const editable = canManage && event.status !== 'cancelled';
  return (
    <header className="event-header">
      <div className="event-title-row">
        <h1>{event.title}</h1>
        <StatusBadge status={event.status} />
      </div>
      <ul className="event-facts">
        <li>
          <Icon name="clock" size={16} />
          {eventWhen(event.startsAt, event.endsAt, event.timeZone)}
        </li>
        {event.location && (
          <li>
            <Icon name="pin" size={16} />
            {event.location}
          </li>
        )}
        {event.category && <li className="tag-like">{event.category}</li>}
      </ul>
      {event.description && <p className="event-description">{event.description}</p>}
      {editable && (
        <div className="button-row event-actions">
          <Button icon="edit" onClick={() => onOpen('edit')}>
            Edit
          </Button>
          {event.status === 'draft' && (
            <Button
              variant="primary"
              onClick={() =>
                act(
                  'events.update',
                  { id: event.id, version: event.version, status: 'published' },
                  () => ['Event published', 'Door staff can see it now.'],
                )
              }
            >
              Publish
            </Button>
          )}
          <Button onClick={() => onOpen('copy')}>Copy event</Button>
          <Button variant="ghost" icon="ban" onClick={() => onOpen('cancel')}>
            Cancel event
          </Button>
        </div>
      )}
    </header>
  );
}

/** One event: what, when and where; its numbers, charts and attendees. */
export function EventDetail({ id }: { id: string }) {
  const { event, activity, problem, reload } = useEventDetail(id);
  const attendees = useAttendeeView(id);
  const user = useSession((state) => state.user!);
  const closeEvent = useNavigation((state) => state.closeEvent);
  const openEvent = useNavigation((state) => state.openEvent);
  const [open, setOpen] = useState<Open>(null);
  const canManage = !!event && managesEvent(user, event);

  useShortcut(keys.back, closeEvent);
  useShortcut(keys.edit, () => setOpen('edit'), canManage && event?.status !== 'cancelled');

  return (
    <>
      <Button variant="ghost" icon="back" className="back-button" onClick={closeEvent}>
        All events
      </Button>
      {problem ? (
        <EmptyState
          title="This event cannot be shown"
          action={<Button onClick={closeEvent}>Back to events</Button>}
        >
          {problem}
        </EmptyState>
      ) : !event ? (
        <Loading label="Loading the event…" />
      ) : (
        <div className="stack">
          <EventHeader event={event} canManage={canManage} onOpen={setOpen} />
          {event.status === 'cancelled' && (
            <div className="notice warning" role="status">
              <Icon name="ban" />
              <p>This event is cancelled. Its attendees are kept for the record.</p>
            </div>
          )}
          <EventStats event={event} />
          <TicketTypesPanel event={event} canManage={canManage} />
          <ActivityCharts activity={activity} />
          <AttendeesPanel event={event} canManage={canManage} view={attendees} />
          {canManage && <QuestionsPanel event={event} />}
          <DoorActivityPanel event={event} />
          <CheckInPointsPanel event={event} canManage={canManage} />
          {canManage && <DoorStaffPanel event={event} />}
          {canManage && <BadgesPanel event={event} />}
        </div>
      )}
      {event && open === 'edit' && (
        <EventFormDialog
          event={event}
          onClose={() => setOpen(null)}
          onSaved={() => {
            setOpen(null);
            void reload();
          }}
        />
      )}
      {event && open === 'copy' && (
        <CopyEventDialog
          event={event}
          onClose={() => setOpen(null)}
          onCopied={(copy) => {
            setOpen(null);
            openEvent(copy.id);
          }}
        />
      )}
      {event && open === 'cancel' && (
        <ConfirmDialog
          title="Cancel this event?"
          confirm="Cancel event"
          danger
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            await act('events.cancel', { id: event.id }, () => ['Event cancelled']);
            await reload();
          }}
        >
          <p>
            <strong>{event.title}</strong> will be marked cancelled for everyone. Registrations
            stop; the attendee list is kept. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
