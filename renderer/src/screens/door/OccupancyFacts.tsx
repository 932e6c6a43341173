import type { ScannerEvent } from '@shared/contract/scanner';
import { Icon } from '../../components/Icon';
import { count, insideText, plural } from '../../format/numbers';

/** People inside at this station's point and in total, with the capacity warning. */
export function OccupancyFacts({ event }: { event: ScannerEvent }) {
  const { occupancy } = event;
  const here = occupancy.points.find((point) => point.pointId === event.pointId);
  const name = event.points.find((point) => point.id === event.pointId)?.name;
  return (
    <>
      {here && (
        <div className={`station-fact ${here.nearlyFull ? 'warn' : ''}`}>
          <dt>Inside at {name}</dt>
          <dd data-testid="door-inside-here">
            {insideText(here.inside, here.pendingElsewhere)}
            {here.capacity !== null && <span className="muted">/ {count(here.capacity)}</span>}
          </dd>
        </div>
      )}
      <div className="station-fact">
        <dt>Inside in total</dt>
        <dd data-testid="door-inside-total">
          {insideText(occupancy.inside, occupancy.pendingElsewhere)}
          {occupancy.pendingElsewhere.stations > 0 && (
            <span className="muted station-fact-note">
              {plural(occupancy.pendingElsewhere.stations, 'station')} still sending
            </span>
          )}
        </dd>
      </div>
    </>
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
