import { useState } from 'react';
import type { ScannerEvent, ScannerStatus } from '@shared/contract/scanner';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { timeIn } from '../../format/dates';
import { count, plural } from '../../format/numbers';
import { useDoor } from '../../stores/door';
import { useDoorSound } from '../../stores/door-sound';
import { keepScanFocus } from './keep-scan-focus';
import { NearlyFullBanner, OccupancyFact } from './OccupancyFacts';
import { PointSwitch } from './PointSwitch';

interface StationBarProps {
  event: ScannerEvent;
  status: ScannerStatus;
  onStatus(status: ScannerStatus): void;
  conflictsOpen: boolean;
  onConflicts(): void;
  /** Back to the scan field after choosing a point or a direction. */
  onPointChosen(): void;
}

/** Always in view: where this device stands with the server, and how the door is going. */
export function StationBar(props: StationBarProps) {
  const { event, status, onStatus, conflictsOpen, onConflicts, onPointChosen } = props;
  const choose = useDoor((state) => state.choose);
  const [syncing, setSyncing] = useState(false);
  const muted = useDoorSound((state) => state.muted);
  const toggleMuted = useDoorSound((state) => state.toggleMuted);
  const connection =
    status.online === null
      ? { tone: 'neutral', text: 'Connecting…' }
      : status.online
        ? { tone: 'good', text: 'Online' }
        : { tone: 'bad', text: 'Offline' };

  return (
    <>
      <header className="station-bar">
        <div className="station-event">
          <h1>{event.title}</h1>
          <p className="muted">{event.location}</p>
        </div>
        <div className="station-actions">
          <Button
            icon="refresh"
            busy={syncing}
            onMouseDown={keepScanFocus}
            onClick={async () => {
              setSyncing(true);
              const synced = await call('scanner.sync', {});
              if (synced.ok) onStatus(synced.value);
              setSyncing(false);
            }}
          >
            Sync now
          </Button>
          <Button
            icon="alert"
            className={status.conflicts > 0 ? 'has-conflicts' : undefined}
            aria-expanded={conflictsOpen}
            onClick={onConflicts}
          >
            {plural(status.conflicts, 'conflict')}
          </Button>
          <Button aria-pressed={muted} onClick={toggleMuted}>
            Mute sounds
          </Button>
          <Button icon="back" variant="ghost" onClick={choose}>
            Change event
          </Button>
        </div>
      </header>
      <dl className="station-facts">
        <div className={`station-fact ${connection.tone}`}>
          <dt>Connection</dt>
          <dd data-testid="door-connection">
            <span className="dot" aria-hidden="true" />
            {connection.text}
          </dd>
        </div>
        <div className={`station-fact ${status.pending > 0 ? 'warn' : ''}`}>
          <dt>Waiting to send</dt>
          <dd data-testid="door-pending">{count(status.pending)}</dd>
        </div>
        <OccupancyFact event={event} />
        <div className="station-fact">
          <dt>Checked in</dt>
          <dd data-testid="door-counts">
            {count(event.checkedIn)} <span className="muted">/ {count(event.registered)}</span>
          </dd>
        </div>
        <div className="station-fact">
          <dt>Last sync</dt>
          <dd>{status.lastSyncAt ? timeIn(status.lastSyncAt, event.timeZone) : 'Not yet'}</dd>
        </div>
        {status.flaggedWalkIns > 0 && (
          <div className="station-fact warn">
            <dt>Walk-ins flagged</dt>
            <dd
              data-testid="door-flagged-walk-ins"
              title="Kept by the server beyond capacity, or with an email already registered"
            >
              {count(status.flaggedWalkIns)}
            </dd>
          </div>
        )}
        {status.rejected > 0 && (
          <div className="station-fact bad">
            <dt>Refused by the server</dt>
            <dd>{count(status.rejected)}</dd>
          </div>
        )}
      </dl>
      <PointSwitch event={event} onStatus={onStatus} onDone={onPointChosen} />
      <NearlyFullBanner event={event} />
      {status.online === false && (
        <div className="offline-banner" role="alert">
          <Icon name="alert" size={22} />
          <span>
            <strong>Offline.</strong> Keep scanning: check-ins are saved on this device and sent as
            soon as the server can be reached.
          </span>
        </div>
      )}
    </>
  );
}
