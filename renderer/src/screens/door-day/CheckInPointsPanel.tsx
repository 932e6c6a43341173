import { useState } from 'react';
import type { CheckInPointDto, PointOccupancy } from '@shared/contract/points';
import type { TicketTypeDto } from '@shared/contract/ticket-types';
import type { EventDto } from '@shared/domain';
import { changesTo } from '../../api/live';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { eventWhen } from '../../format/dates';
import { count, insideText, plural } from '../../format/numbers';
import { useTicketTypes } from '../event/use-ticket-types';
import { CheckInPointDialog } from './CheckInPointDialog';

/** "VIP, Day 1": the types a point admits, by name. */
const admits = (point: CheckInPointDto, types: TicketTypeDto[]) =>
  point.ticketTypeIds === null
    ? 'Every ticket type'
    : types
        .filter((type) => point.ticketTypeIds!.includes(type.id))
        .map((type) => type.name)
        .join(', ');

/** How the point treats a second scan and people leaving, in the words the door uses. */
function rules(point: CheckInPointDto): string {
  const entry = point.allowMultipleEntries ? 'Admits a ticket again' : 'First check-in counts';
  const badge = point.printsBadge ? '; prints a badge on admission' : '';
  if (!point.recordsExits) return `${entry}${badge}`;
  return `${entry}; records exits${point.allowReentry ? '' : ', no re-entry'}${badge}`;
}

function inside(occupancy: PointOccupancy | undefined): string {
  if (!occupancy) return '—';
  const now = insideText(occupancy.inside, occupancy.pending);
  return occupancy.capacity === null ? now : `${now} of ${count(occupancy.capacity)}`;
}

/**
 * The event's check-in points (gates, days, sessions): whom each admits and when, its rules, and
 * how many people are inside now. Organizers who manage the event add and edit them.
 */
export function CheckInPointsPanel(props: { event: EventDto; canManage: boolean }) {
  const { event, canManage } = props;
  const watch = { watch: changesTo(event.id) };
  const points = useChannel('points.list', { eventId: event.id }, watch);
  const occupancy = useChannel('points.occupancy', { eventId: event.id }, watch);
  const types = useTicketTypes(event.id);
  const [open, setOpen] = useState<{ point: CheckInPointDto | null } | null>(null);
  const list = points.data ?? [];
  const typeList = types.data ?? [];
  const editable = canManage && event.status !== 'cancelled';
  const occupancyOf = (id: string) => occupancy.data?.points.find((p) => p.pointId === id);

  return (
    <section className="panel" aria-labelledby="checkin-points-title">
      <div className="toolbar-row">
        <h2 id="checkin-points-title">Check-in points</h2>
        {occupancy.data && (
          <p className="muted" aria-live="polite">
            {insideText(occupancy.data.inside, occupancy.data.pending)} inside now
            {occupancy.data.pending.stations > 0 &&
              ` (${plural(occupancy.data.pending.stations, 'station')} still sending)`}
          </p>
        )}
        {editable && (
          <Button icon="plus" onClick={() => setOpen({ point: null })}>
            Add check-in point
          </Button>
        )}
      </div>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Point</th>
            <th scope="col">Admits</th>
            <th scope="col">When</th>
            <th scope="col">Rules</th>
            <th scope="col">Inside</th>
            {editable && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {list.map((point) => (
            <tr key={point.id}>
              <th scope="row">
                {point.name}
                {point.position === 0 && list.length > 1 && (
                  <span className="muted"> (default)</span>
                )}
              </th>
              <td>{admits(point, typeList)}</td>
              <td>
                {point.validFrom || point.validUntil
                  ? eventWhen(
                      point.validFrom ?? event.startsAt,
                      point.validUntil ?? event.endsAt,
                      event.timeZone,
                    )
                  : 'Any time'}
              </td>
              <td>{rules(point)}</td>
              <td>{inside(occupancyOf(point.id))}</td>
              {editable && (
                <td className="button-row">
                  <Button variant="ghost" onClick={() => setOpen({ point })}>
                    Edit<span className="visually-hidden"> {point.name}</span>
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <CheckInPointDialog
          event={event}
          point={open.point}
          ticketTypes={typeList}
          onClose={() => {
            setOpen(null);
            void points.refetch();
          }}
        />
      )}
    </section>
  );
}
