import { useEffect, useRef, useState } from 'react';
import type { EventDto, RegistrationDto, RegistrationStatus } from '@shared/domain';
import { registrationStatuses } from '@shared/domain';
import { act } from '../../api/act';
import { markDone, markStart } from '../../app/perf';
import { keys } from '../../app/shortcut-list';
import { keyLabel, useShortcut } from '../../app/shortcuts';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SearchField } from '../../components/SearchField';
import { statusText } from '../../components/StatusBadge';
import { count } from '../../format/numbers';
import { AttendeeFilters } from './AttendeeFilters';
import { AttendeeTable, type AttendeeActions } from './AttendeeTable';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';
import { RegisterDialog } from './RegisterDialog';
import { TicketDialog } from './TicketDialog';
import { EditRegistrationDialog, TransferDialog } from './ChangeRegistrationDialogs';
import { AnswersDialog } from '../questions/AnswersDialog';
import type { AttendeeView } from './use-attendee-pages';

type Open =
  | { kind: 'register' }
  | { kind: 'import' }
  | { kind: 'export' }
  | { kind: 'ticket'; registration: RegistrationDto }
  | { kind: 'answers'; registration: RegistrationDto }
  | { kind: 'cancel'; registration: RegistrationDto }
  | { kind: 'edit' | 'transfer'; registration: RegistrationDto }
  | null;

const statusFilters: { value: RegistrationStatus | ''; label: string }[] = [
  { value: '', label: 'All' },
  ...registrationStatuses.map((status) => ({ value: status, label: statusText(status) })),
];

const cancelRegistration = (registration: RegistrationDto) =>
  act('registrations.cancel', { id: registration.id }, ({ promoted }) => [
    `${registration.attendeeName}’s registration is cancelled`,
    promoted ? `${promoted.attendeeName} moved up from the waitlist and has the seat.` : undefined,
  ]);

const promote = (registration: RegistrationDto) =>
  act('registrations.promote', { id: registration.id }, () => [
    `${registration.attendeeName} moved in from the waitlist`,
  ]);

/** Who is coming: search, filter, register, import, export, cancel, promote and show tickets. */
export function AttendeesPanel(props: { event: EventDto; canManage: boolean; view: AttendeeView }) {
  const { event, canManage, view } = props;
  const { pages, search, setSearch, status, setStatus } = view;
  const [open, setOpen] = useState<Open>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const shown = pages.query;

  useEffect(() => {
    if (pages.total === null) return;
    markDone('event-first-paint', event.id);
    markDone('attendee-search', shown.search);
  }, [pages.version, pages.total, event.id, shown.search]);

  const canAdd = canManage && event.status !== 'cancelled';
  useShortcut(keys.search, () => searchRef.current?.focus());
  useShortcut(keys.searchSlash, () => searchRef.current?.focus());
  useShortcut(keys.create, () => setOpen({ kind: 'register' }), canAdd);
  useShortcut(keys.importCsv, () => setOpen({ kind: 'import' }), canAdd);
  // A cancelled event's list is kept for the record, so it can still be exported.
  useShortcut(keys.exportAttendees, () => setOpen({ kind: 'export' }), canManage);

  const actions: AttendeeActions = {
    showTicket: (registration) => setOpen({ kind: 'ticket', registration }),
    manage: canManage
      ? {
          cancel: (registration) => setOpen({ kind: 'cancel', registration }),
          answers: (registration) => setOpen({ kind: 'answers', registration }),
          promote: async (registration) => {
            await promote(registration);
            pages.refresh();
          },
        }
      : null,
  };
  const close = () => setOpen(null);
  const filtered =
    shown.search.trim() !== '' ||
    shown.status !== '' ||
    shown.ticketTypeId !== '' ||
    shown.answer !== '';

  return (
    <section className="panel flush attendees" aria-labelledby="attendees-title">
      <div className="attendees-toolbar">
        <div className="toolbar-row">
          <h2 id="attendees-title">
            Attendees
            {pages.total !== null && (
              <span className="count-pill">
                {count(pages.total)}
                {pages.capped && '+'}
              </span>
            )}
          </h2>
          {canManage && (
            <div className="button-row">
              <Button
                icon="download"
                aria-label="Export attendees"
                title={`Export attendees (${keyLabel(keys.exportAttendees)})`}
                onClick={() => setOpen({ kind: 'export' })}
              >
                Export
              </Button>
              {canAdd && (
                <>
                  <Button icon="upload" onClick={() => setOpen({ kind: 'import' })}>
                    Import CSV
                  </Button>
                  <Button
                    variant="primary"
                    icon="userPlus"
                    onClick={() => setOpen({ kind: 'register' })}
                  >
                    Register
                  </Button>
                </>
              )}
            </div>
          )}
        </div>
        <div className="toolbar-row">
          <SearchField
            ref={searchRef}
            label="Search attendees"
            placeholder="Name, email or ticket code"
            value={search}
            hint={keyLabel(keys.search)}
            onChange={(value) => {
              markStart('attendee-search', value);
              setSearch(value);
            }}
          />
          <div className="segmented" role="radiogroup" aria-label="Show attendees">
            {statusFilters.map((option) => (
              <label
                key={option.value}
                className={status === option.value ? 'selected' : undefined}
              >
                <input
                  type="radio"
                  name="attendee-status"
                  value={option.value}
                  checked={status === option.value}
                  onChange={() => setStatus(option.value)}
                />
                {option.label}
              </label>
            ))}
          </div>
        </div>
        <AttendeeFilters eventId={event.id} canManage={canManage} view={view} />
      </div>
      <AttendeeTable
        pages={pages}
        timeZone={event.timeZone}
        actions={actions}
        empty={
          filtered
            ? 'No attendees match. Try part of a name or email, the full ticket code, or fewer filters.'
            : canAdd
              ? 'No one has registered yet. Register someone, or import a CSV file.'
              : 'No one has registered yet.'
        }
      />

      {open?.kind === 'register' && (
        <RegisterDialog
          event={event}
          onClose={close}
          onRegistered={() => {
            close();
            pages.refresh();
          }}
        />
      )}
      {open?.kind === 'import' && (
        <ImportDialog event={event} onClose={close} onImported={() => pages.refresh()} />
      )}
      {open?.kind === 'export' && <ExportDialog event={event} onClose={close} />}
      {open?.kind === 'ticket' && (
        <TicketDialog
          registration={open.registration}
          onClose={close}
          {...(canAdd && ['registered', 'waitlisted'].includes(open.registration.status)
            ? {
                onEdit: () => setOpen({ kind: 'edit', registration: open.registration }),
                onTransfer: () => setOpen({ kind: 'transfer', registration: open.registration }),
              }
            : {})}
        />
      )}
      {(open?.kind === 'edit' || open?.kind === 'transfer') &&
        (() => {
          const Change = open.kind === 'edit' ? EditRegistrationDialog : TransferDialog;
          return (
            <Change
              registration={open.registration}
              onClose={close}
              onChanged={() => {
                close();
                pages.refresh();
              }}
            />
          );
        })()}
      {open?.kind === 'answers' && (
        <AnswersDialog registration={open.registration} onClose={close} />
      )}
      {open?.kind === 'cancel' && (
        <ConfirmDialog
          title="Cancel registration?"
          confirm="Cancel registration"
          danger
          onClose={close}
          onConfirm={async () => {
            await cancelRegistration(open.registration);
            pages.refresh();
          }}
        >
          <p>
            <strong>{open.registration.attendeeName}</strong> ({open.registration.attendeeEmail})
            loses their {open.registration.status === 'waitlisted' ? 'place in line' : 'seat'}.
            {open.registration.status === 'registered' &&
              ' The first person on the waitlist gets it.'}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
