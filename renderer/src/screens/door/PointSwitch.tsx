import { useState } from 'react';
import type { Direction } from '@shared/contract/points';
import type { ScannerEvent, ScannerStatus } from '@shared/contract/scanner';
import { call } from '../../api/client';
import { toastError } from '../../stores/toasts';
import { keepScanFocus } from './keep-scan-focus';

interface PointSwitchProps {
  event: ScannerEvent;
  onStatus(status: ScannerStatus): void;
  /** Back to the scan field once the choice is made: the next ticket may already be coming. */
  onDone(): void;
}

/**
 * Where this desktop checks people in, and which way. The direction is on screen in big letters
 * at all times, so nobody scans a queue "out" by mistake; a point that records no exits has no
 * switch at all.
 */
export function PointSwitch({ event, onStatus, onDone }: PointSwitchProps) {
  const [busy, setBusy] = useState(false);
  const point = event.points.find((p) => p.id === event.pointId) ?? null;

  const choose = async (pointId: string, direction: Direction) => {
    setBusy(true);
    const result = await call('scanner.setPoint', { pointId, direction });
    setBusy(false);
    if (result.ok) onStatus(result.value);
    else toastError(result.error);
    onDone();
  };

  if (!point) return null;
  return (
    <div className={`point-switch direction-${event.direction}`}>
      <label className="point-picker">
        <span className="visually-hidden">Check-in point</span>
        <select
          value={point.id}
          disabled={busy}
          onChange={(change) => void choose(change.currentTarget.value, 'in')}
        >
          {event.points.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {point.recordsExits ? (
        <div className="direction-switch" role="group" aria-label="Scanning direction">
          {(['in', 'out'] as const).map((direction) => (
            <button
              key={direction}
              type="button"
              className={`direction-${direction}`}
              aria-pressed={event.direction === direction}
              disabled={busy}
              onMouseDown={keepScanFocus}
              onClick={() => event.direction !== direction && void choose(point.id, direction)}
            >
              {direction === 'in' ? 'In' : 'Out'}
            </button>
          ))}
        </div>
      ) : (
        <p className="direction-fixed muted">Entries only</p>
      )}
      <p className="direction-now" data-testid="door-direction" aria-live="polite">
        Scanning people <strong>{event.direction === 'in' ? 'IN' : 'OUT'}</strong> at {point.name}
      </p>
    </div>
  );
}
