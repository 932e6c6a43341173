import { useState } from 'react';
import type { ScannerRecovery, ScannerStatus } from '@shared/contract/scanner';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { plural } from '../../format/numbers';

/**
 * This desktop replaced a damaged door file: what went wrong, where the old file is, what was
 * saved from it and what was not, in plain words, until staff choose to start fresh.
 */
export function RecoveryNotice(props: {
  recovery: ScannerRecovery;
  pending: number;
  onStatus(status: ScannerStatus): void;
}) {
  const { recovery, pending, onStatus } = props;
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const startFresh = async () => {
    setBusy(true);
    const result = await call('scanner.startFresh', {});
    setBusy(false);
    if (result.ok) onStatus(result.value);
    else setProblem(result.error.message);
  };
  const lost =
    recovery.unreadable === null
      ? 'Check-ins it held that had not been sent yet could not be read or counted.'
      : recovery.unreadable === 0
        ? 'Every check-in it held that had not been sent yet was read.'
        : `${plural(recovery.unreadable, 'check-in')} not yet sent could not be read: ask the people checked in at this desk in the last hours to show their tickets again if the list disagrees.`;

  return (
    <section className="door-recovery" aria-labelledby="door-recovery-title">
      <div className="notice warning" role="alert">
        <Icon name="alert" />
        <div>
          <h2 id="door-recovery-title">This desktop’s door file was damaged</h2>
          <p>{recovery.reason}</p>
          <p>
            It was kept, not deleted, as <code className="mono">{recovery.keptAs}</code>. A new door
            file was started in its place.
          </p>
          <p data-testid="door-recovered">
            {recovery.recovered === 0
              ? 'No check-ins waiting to be sent could be saved from it.'
              : `${plural(recovery.recovered, 'check-in')} waiting to be sent ${recovery.recovered === 1 ? 'was' : 'were'} saved from it${pending > 0 ? ` (${plural(pending, 'item')} still to send)` : ' and sent'}.`}
          </p>
          <p data-testid="door-unreadable">{lost}</p>
        </div>
      </div>
      {problem && (
        <p className="form-error" role="alert">
          <Icon name="alert" />
          <span>{problem}</span>
        </p>
      )}
      <Button variant="primary" busy={busy} onClick={() => void startFresh()}>
        Start fresh: prepare an event again
      </Button>
    </section>
  );
}
