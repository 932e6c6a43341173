import { useEffect, useRef } from 'react';
import type { DoorCheckIn, ForcedReason } from '@shared/contract/door';
import type { ScannerEvent, ScannerStatus } from '@shared/contract/scanner';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { EmptyState, Loading } from '../../components/EmptyState';
import { dayIn, timeIn } from '../../format/dates';

const forcedText: Record<ForcedReason, string> = {
  already_checked_in: 'already in when it arrived',
  cancelled: 'registration was cancelled',
  waitlisted: 'was on the waitlist',
  transferred: 'ticket was transferred to someone else',
  not_admitted_here: 'ticket not valid at that point then',
};

/**
 * Tickets checked in more than once, typically on two devices that were offline at the same time.
 * The first check-in counts; staff see both, with times and devices, to follow up.
 */
export function ConflictsPanel(props: {
  event: ScannerEvent;
  status: ScannerStatus;
  onClose(): void;
}) {
  const { event, status, onClose } = props;
  const { deviceId, conflicts: conflictCount } = status;
  const list = useChannel('scanner.conflicts', {}, { keepPrevious: true });
  const conflicts = list.error ? [] : list.data;
  const problem = list.error?.message ?? null;

  // The station's status counts them: a new one there means a list to fetch again.
  const counted = useRef(conflictCount);
  const { refetch } = list;
  useEffect(() => {
    if (counted.current === conflictCount) return;
    counted.current = conflictCount;
    void refetch();
  }, [conflictCount, refetch]);

  const describe = (checkIn: DoorCheckIn, first: boolean) =>
    [
      `${dayIn(checkIn.scannedAt, event.timeZone)} ${timeIn(checkIn.scannedAt, event.timeZone)}`,
      checkIn.deviceId === deviceId ? 'this device' : `device ${checkIn.deviceId}`,
      checkIn.staffName ?? 'unknown staff',
      first ? 'counts' : checkIn.forcedReason ? forcedText[checkIn.forcedReason] : 'second scan',
    ].join(' · ');

  return (
    <section className="station-tool conflicts" aria-labelledby="door-conflicts-title">
      <div className="tool-header">
        <h2 id="door-conflicts-title">Checked in twice</h2>
        <Button icon="close" onClick={onClose}>
          Close
        </Button>
      </div>
      {problem && <p className="form-error">{problem}</p>}
      {conflicts === null ? (
        <Loading label="Loading conflicts…" />
      ) : conflicts.length === 0 ? (
        <EmptyState title="No conflicts">
          A ticket scanned on two devices while they were offline shows up here after they sync.
        </EmptyState>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Tickets checked in more than once</caption>
          <thead>
            <tr>
              <th scope="col">Attendee</th>
              <th scope="col">Ticket</th>
              <th scope="col">Check-ins (the first counts)</th>
            </tr>
          </thead>
          <tbody>
            {conflicts.map((conflict) => (
              <tr key={conflict.registrationId}>
                <td>{conflict.name}</td>
                <td className="mono">{conflict.ticketCode}</td>
                <td>
                  <ol className="conflict-checkins">
                    {conflict.checkIns.map((checkIn, i) => (
                      <li key={checkIn.nonce}>{describe(checkIn, i === 0)}</li>
                    ))}
                  </ol>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
