import type { ScanOutcome, ScannerWalkIn } from '@shared/contract/scanner';
import type { DoorDevice } from '../device/device';
import { AppError } from '../../errors';
import { stewardWalkInRefused } from '../../walk-ins/apply-walk-ins';
import { UNDO_WINDOW_MS } from '../device/device';
import type { ScanResult } from '../device/types';
import type { CoreDeps } from '../../deps';
import type { DomainHandlers } from '../../handlers';
import type { ScannerStation } from './station';
import {
  hitsFor,
  isSteward,
  outcomeFor,
  stewardUndoRefused,
} from '../../door-staff/steward-limits';

const SEARCH_LIMIT = 20;

/**
 * The door station's channels. All but `prepare` answer from the device's SQLite copy and never
 * touch PostgreSQL, so they keep working while the server is out of reach.
 */
export function scannerHandlers(
  deps: Pick<CoreDeps, 'topics'>,
  station: ScannerStation,
): DomainHandlers<'scanner'> {
  return {
    'scanner.prepare': ({ eventId }, call) =>
      station.withDevice(call, async ({ device, status }) => {
        deps.topics.emit('scanner.progress', { eventId, loaded: 0, total: 0 });
        await device.prepare(eventId, (progress) =>
          deps.topics.emit('scanner.progress', { eventId, ...progress }),
        );
        return status();
      }),

    'scanner.scan': ({ code }, call) =>
      station.withDevice(call, ({ device }) =>
        outcomeFor(
          call.user,
          withBadge(device, () => device.scan(code)),
        ),
      ),

    'scanner.admit': ({ registrationId }, call) =>
      station.withDevice(call, ({ device }) =>
        outcomeFor(
          call.user,
          withBadge(device, () => device.admit(registrationId)),
        ),
      ),

    'scanner.walkIn': ({ force, ...request }, call) => {
      // The contract asks for a supervisor; the core holds the line whatever calls it.
      if (isSteward(call.user)) throw stewardWalkInRefused();
      return station.withDevice(call, async ({ device }) => {
        const { result, flag } = await device.walkIn(request, force);
        const outcome = withBadge(device, () => result) as ScannerWalkIn['outcome'];
        return { outcome: outcomeFor(call.user, outcome) as ScannerWalkIn['outcome'], flag };
      });
    },

    'scanner.walkInDesk': (_input, call) => {
      if (isSteward(call.user)) throw stewardWalkInRefused();
      return station.withDevice(call, ({ device }) => {
        const desk = device.walkInDesk();
        if (!desk) {
          throw new AppError(
            'UNAVAILABLE',
            'This desktop has no walk-in form for the event yet: it comes with the next sync.',
          );
        }
        return desk;
      });
    },

    'scanner.search': ({ text }, call) =>
      station.withDevice(call, ({ device }) =>
        hitsFor(call.user, device.search(text, SEARCH_LIMIT)),
      ),

    'scanner.undo': ({ checkInId }, call) =>
      station.withDevice(call, ({ device, status, lastCheckInBy }) => {
        if (isSteward(call.user) && lastCheckInBy(call.user.id) !== checkInId) {
          throw stewardUndoRefused();
        }
        device.undo(checkInId);
        return status();
      }),

    'scanner.status': (_input, call) => station.withDevice(call, ({ status }) => status()),

    'scanner.setPoint': ({ pointId, direction }, call) =>
      station.withDevice(call, ({ device, status }) => {
        device.setPoint(pointId, direction);
        return status();
      }),

    'scanner.startFresh': (_input, call) =>
      station.withDevice(call, ({ device, status }) => {
        device.startFresh();
        return status();
      }),

    'scanner.conflicts': (_input, call) =>
      station.withDevice(call, ({ device }) => device.conflicts()),

    'scanner.sync': (_input, call) =>
      station.withDevice(call, async ({ device, status }) => {
        await device.sync();
        return status();
      }),
  };

  /** A valid verdict, and the person's badge queued if this station's point prints them. */
  function withBadge(device: DoorDevice, decide: () => ScanResult): ScanOutcome {
    const outcome = timed(decide);
    if (outcome.verdict === 'valid') {
      const badge = device.admissionBadge(outcome.attendee.id);
      if (badge) station.queueBadge(badge);
    }
    return outcome;
  }
}

/** Adds when an entry or exit was recorded and until when it can be undone. */
function timed(decide: () => ScanResult): ScanOutcome {
  // Taken before the device stamps the check-in, so the undo deadline is never later than its own.
  const at = new Date();
  const result = decide();
  if (result.verdict !== 'valid' && result.verdict !== 'exited') return result;
  return {
    ...result,
    at: at.toISOString(),
    undoUntil: new Date(at.getTime() + UNDO_WINDOW_MS).toISOString(),
  };
}
