import type { ScannerEvent } from '@shared/contract/scanner';
import { Icon } from '../../components/Icon';
import { count, insideText, plural } from '../../format/numbers';

/**
 * People inside: at this station's point (with its capacity) and, beside it, in total. One fact,
 * so the station's facts still fit one row in the smallest window.
 */
export function OccupancyFact({ event }: { event: ScannerEvent }) {
  const { occupancy } = event;
  const here = occupancy.points.find((point) => point.pointId === event.pointId);
  const sending = occupancy.pendingElsewhere.stations;
  return (
    <div className={`station-fact ${here?.nearlyFull ? 'warn' : ''}`}>
      <dt>Inside here</dt>
      <dd className="occupancy">
        {here && (
          <span data-testid="door-inside-here">
            {insideText(here.inside, here.pendingElsewhere)}
            {here.capacity !== null && <span className="muted"> / {count(here.capacity)}</span>}
          </span>
        )}
        <span className="muted station-fact-note" data-testid="door-inside-total">
          {insideText(occupancy.inside, occupancy.pendingElsewhere)} in total
          {sending > 0 && `, ${plural(sending, 'station')} still sending`}
        </span>
      </dd>
    </div>
  );
}

/** Shown while the station's point is at 90 % of its capacity or more (range's high end). */
export function NearlyFullBanner({ event }: { event: ScannerEvent }) {
  const here = event.occupancy.points.find((point) => point.pointId === event.pointId);
  if (!here?.nearlyFull || here.capacity === null) return null;
  const name = event.points.find((point) => point.id === event.pointId)?.name ?? 'This point';
  return (
    <div className="nearly-full-banner" role="alert">
      <Icon name="people" size={22} />
      <span>
        <strong>Nearly full.</strong> {name} has {insideText(here.inside, here.pendingElsewhere)}{' '}
        inside of {plural(here.capacity, 'place')}.
        {here.pendingElsewhere.stations > 0 &&
          ` ${plural(here.pendingElsewhere.stations, 'other station')} still ${here.pendingElsewhere.stations === 1 ? 'has' : 'have'} scans to send.`}
      </span>
    </div>
  );
}
