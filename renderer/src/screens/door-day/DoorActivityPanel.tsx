import type { CheckInPointDto, DoorActivity } from '@shared/contract/points';
import type { EventDto } from '@shared/domain';
import { changesTo } from '../../api/live';
import { useChannel } from '../../api/use-channel';
import { BarChart } from '../../components/charts/BarChart';
import { bucketName } from '../../components/charts/buckets';
import { count } from '../../format/numbers';

/** Entries per hour over every point: the bars of the chart. */
const entriesPerHour = (activity: DoorActivity) => {
  const perHour = new Map<string, number>();
  for (const { hour, entries } of activity.hours) {
    perHour.set(hour, (perHour.get(hour) ?? 0) + entries);
  }
  return [...perHour].map(([key, n]) => ({ key, count: n }));
};

function HourTable(props: { activity: DoorActivity; points: CheckInPointDto[] }) {
  const { activity, points } = props;
  const moving = points.filter((point) => activity.hours.some((h) => h.pointId === point.id));
  const cell = (hour: string, pointId: string) => {
    const found = activity.hours.find((h) => h.hour === hour && h.pointId === pointId);
    if (!found) return '—';
    return found.exits
      ? `${count(found.entries)} in, ${count(found.exits)} out`
      : count(found.entries);
  };
  return (
    <table className="table compact">
      <thead>
        <tr>
          <th scope="col">Hour</th>
          {moving.map((point) => (
            <th key={point.id} scope="col">
              {point.name}
            </th>
          ))}
          <th scope="col">Inside after</th>
        </tr>
      </thead>
      <tbody>
        {activity.insideAfterHour.map(({ hour, inside }) => (
          <tr key={hour}>
            <th scope="row">{bucketName(hour, 'hour')}</th>
            {moving.map((point) => (
              <td key={point.id}>{cell(hour, point.id)}</td>
            ))}
            <td>{count(inside)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The door's live numbers on the event page: people inside now, entries and exits, who is not in
 * yet, entries per hour and each point's hours. Refreshed whenever a check-in reaches the server.
 */
export function DoorActivityPanel(props: { event: EventDto }) {
  const { event } = props;
  const watch = { watch: changesTo(event.id) };
  const activity = useChannel('points.activity', { eventId: event.id }, watch).data;
  const points = useChannel('points.list', { eventId: event.id }, watch).data ?? [];
  if (!activity || activity.hours.length === 0) return null;
  const inside = activity.insideAfterHour.at(-1)?.inside ?? 0;
  const entries = activity.hours.reduce((n, h) => n + h.entries, 0);
  const exits = activity.hours.reduce((n, h) => n + h.exits, 0);

  return (
    <section className="panel" aria-labelledby="door-activity-title">
      <h2 id="door-activity-title">At the door</h2>
      <div className="stats door-stats">
        {(
          [
            ['Inside now', inside],
            ['Entries', entries],
            ['Exits', exits],
            ['Not in yet', activity.notYetIn],
          ] as const
        ).map(([label, value]) => (
          <div className="stat" key={label}>
            <p className="stat-label">{label}</p>
            <p className="stat-value">{count(value)}</p>
          </div>
        ))}
      </div>
      <BarChart buckets={entriesPerHour(activity)} unit="hour" noun="entrance" tone="good" />
      <HourTable activity={activity} points={points} />
    </section>
  );
}
