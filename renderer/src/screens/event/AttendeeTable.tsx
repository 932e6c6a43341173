import { useCallback } from 'react';
import type { RegistrationDto } from '@shared/domain';
import { StatusBadge, WalkInBadge } from '../../components/StatusBadge';
import { VirtualList } from '../../components/VirtualList';
import { Icon } from '../../components/Icon';
import { dayIn, shortDayIn, timeIn } from '../../format/dates';
import { count } from '../../format/numbers';
import type { AttendeePages } from './attendee-pages';
import { groupedTicketCode } from '../../format/ticket-code';

export const ROW_HEIGHT = 44;

export interface AttendeeActions {
  /** Null when this person may only look (door staff, another organizer's event). */
  manage: {
    cancel(registration: RegistrationDto): void;
    promote(registration: RegistrationDto): void;
    /** Shows and corrects the answers to the event's questions (screens/questions). */
    answers?(registration: RegistrationDto): void;
  } | null;
  showTicket(registration: RegistrationDto): void;
}

const columns = ['Name', 'Email', 'Ticket', 'Status', 'Registered', 'Checked in', 'Actions'];

function AttendeeRow(props: {
  index: number;
  registration: RegistrationDto | undefined;
  timeZone: string;
  actions: AttendeeActions;
}) {
  const { index, registration: r, timeZone, actions } = props;
  if (!r) {
    return (
      <div role="row" className="attendee-row placeholder" aria-rowindex={index + 2}>
        {columns.map((column, i) => (
          <span role="cell" key={column}>
            {i === 0 ? <span className="visually-hidden">Loading</span> : null}
            <span className="skeleton" aria-hidden="true" />
          </span>
        ))}
      </div>
    );
  }
  return (
    <div
      role="row"
      className={`attendee-row ${r.status}`}
      aria-rowindex={index + 2}
      data-ticket={r.ticketCode}
    >
      <span role="cell" className="cell-title truncate" title={r.attendeeName}>
        {r.attendeeName}
      </span>
      <span role="cell" className="truncate muted" title={r.attendeeEmail}>
        {r.attendeeEmail}
      </span>
      <span role="cell" className="mono ticket-code-cell">
        {groupedTicketCode(r.ticketCode)}
      </span>
      <span role="cell">
        <StatusBadge
          status={r.status}
          suffix={r.waitlistPosition !== null ? ` #${count(r.waitlistPosition)}` : undefined}
        />
        {r.walkIn && <WalkInBadge flag={r.walkIn} />}
      </span>
      <span role="cell" className="muted" title={dayIn(r.createdAt, timeZone)}>
        {shortDayIn(r.createdAt, timeZone)}
      </span>
      <span role="cell">
        {r.checkedInAt ? (
          <span className="checked-in">
            <Icon name="check" size={16} />
            {timeIn(r.checkedInAt, timeZone)}
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </span>
      <span role="cell" className="row-actions">
        <button
          type="button"
          className="icon-button"
          aria-label={`Show ticket of ${r.attendeeName}`}
          title="Show ticket"
          onClick={() => actions.showTicket(r)}
        >
          <Icon name="qr" />
        </button>
        {actions.manage?.answers && (
          <button
            type="button"
            className="small-button"
            aria-label={`Answers of ${r.attendeeName}`}
            onClick={() => actions.manage!.answers!(r)}
          >
            Answers
          </button>
        )}
        {actions.manage && r.status === 'waitlisted' && (
          <button
            type="button"
            className="small-button"
            aria-label={`Move in ${r.attendeeName} from the waitlist`}
            onClick={() => actions.manage!.promote(r)}
          >
            Move in
          </button>
        )}
        {actions.manage && r.status !== 'cancelled' && (
          <button
            type="button"
            className="small-button"
            aria-label={`Cancel registration of ${r.attendeeName}`}
            onClick={() => actions.manage!.cancel(r)}
          >
            Cancel
          </button>
        )}
      </span>
    </div>
  );
}

interface AttendeeTableProps {
  pages: AttendeePages;
  timeZone: string;
  actions: AttendeeActions;
  empty: string;
}

/** Every attendee of the event in one scrolling table, however many there are. */
export function AttendeeTable({ pages, timeZone, actions, empty }: AttendeeTableProps) {
  const total = pages.total;
  const onRange = useCallback(
    (first: number, last: number) => pages.setVisible(first, last),
    [pages],
  );
  return (
    <div className="attendee-table-wrap">
      <div
        className="attendee-table"
        role="table"
        aria-label="Attendees"
        aria-rowcount={total === null ? -1 : total + 1}
        aria-busy={total === null || undefined}
      >
        <div role="rowgroup">
          <div role="row" className="attendee-row head" aria-rowindex={1}>
            {columns.map((column) => (
              <span role="columnheader" key={column}>
                {column === 'Actions' ? <span className="visually-hidden">{column}</span> : column}
              </span>
            ))}
          </div>
        </div>
        {total !== 0 && (
          <VirtualList
            label="Attendee rows"
            count={total ?? 12}
            rowHeight={ROW_HEIGHT}
            onRange={onRange}
            resetKey={JSON.stringify(pages.query)}
            renderRow={(index) => (
              <AttendeeRow
                key={index}
                index={index}
                registration={pages.row(index)}
                timeZone={timeZone}
                actions={actions}
              />
            )}
          />
        )}
      </div>
      {total === 0 && <p className="attendee-empty muted">{empty}</p>}
    </div>
  );
}
