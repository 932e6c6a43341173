import { useId, useState, type DragEvent } from 'react';
import type { ErrorBody } from '@shared/contract';
import type { ImportResult } from '@shared/contract/registrations';
import type { EventDto } from '@shared/domain';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/Meter';
import { FormError } from '../../forms/FormError';
import { count, plural } from '../../format/numbers';
import { readText } from './read-file';

type Step =
  | { kind: 'choose'; error: ErrorBody | null }
  | { kind: 'reading'; name: string; fraction: number }
  | { kind: 'uploading'; name: string; lines: number }
  | { kind: 'done'; name: string; result: ImportResult };

/** Rejected lines shown at once; a file with more is better fixed from the first ones. */
const MAX_SHOWN_REJECTIONS = 500;

const lineCount = (text: string) => text.split(/\r\n|\r|\n/).filter((line) => line.trim()).length;

function Rejections({ rejected }: { rejected: ImportResult['rejected'] }) {
  const shown = rejected.slice(0, MAX_SHOWN_REJECTIONS);
  return (
    <div className="rejections" tabIndex={0} role="region" aria-label="Lines not imported">
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Why it was not imported</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.line}>
              <td className="numeric">{row.line}</td>
              <td>{row.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rejected.length > shown.length && (
        <p className="muted pad">
          …and {count(rejected.length - shown.length)} more. Fix these first and import again.
        </p>
      )}
    </div>
  );
}

/**
 * Imports `name,email` lines (a header row is optional). All good lines go in at once; the
 * report names every line that did not, with the reason, so the file can be fixed and re-sent.
 */
export function ImportDialog(props: { event: EventDto; onClose(): void; onImported(): void }) {
  const { event, onClose, onImported } = props;
  const inputId = useId();
  const [step, setStep] = useState<Step>({ kind: 'choose', error: null });
  const [dragging, setDragging] = useState(false);

  async function importFile(file: File) {
    setStep({ kind: 'reading', name: file.name, fraction: 0 });
    let csv: string;
    try {
      csv = await readText(file, (fraction) =>
        setStep({ kind: 'reading', name: file.name, fraction }),
      );
    } catch (error) {
      setStep({ kind: 'choose', error: { code: 'VALIDATION', message: (error as Error).message } });
      return;
    }
    setStep({ kind: 'uploading', name: file.name, lines: lineCount(csv) });
    const result = await call('registrations.import', { eventId: event.id, csv });
    if (!result.ok) {
      setStep({ kind: 'choose', error: result.error });
      return;
    }
    setStep({ kind: 'done', name: file.name, result: result.value });
    onImported();
  }

  const onDrop = (drop: DragEvent) => {
    drop.preventDefault();
    setDragging(false);
    const file = drop.dataTransfer.files[0];
    if (file) void importFile(file);
  };

  return (
    <Dialog
      title="Import attendees"
      description={`Add attendees to ${event.title} from a CSV file.`}
      onClose={onClose}
      wide
    >
      {step.kind === 'choose' && (
        <div className="stack">
          <FormError error={step.error} />
          <label
            htmlFor={inputId}
            className={dragging ? 'drop-zone dragging' : 'drop-zone'}
            onDragOver={(over) => {
              over.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <Icon name="upload" size={28} />
            <span className="drop-title">Choose a CSV file, or drop it here</span>
            <span className="muted">
              One attendee per line: <code>name,email</code>. A header row is fine.
            </span>
          </label>
          <input
            id={inputId}
            className="visually-hidden"
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(change) => {
              const file = change.target.files?.[0];
              if (file) void importFile(file);
            }}
          />
          <p className="muted">
            When the event fills up, the rest join the waitlist in file order. People already
            registered are reported and left as they are.
          </p>
        </div>
      )}

      {(step.kind === 'reading' || step.kind === 'uploading') && (
        <div className="stack" aria-live="polite">
          <p>
            <strong>{step.name}</strong>
            {step.kind === 'reading'
              ? ' — reading the file…'
              : ` — importing ${plural(step.lines, 'line')}…`}
          </p>
          <ProgressBar
            label={step.kind === 'reading' ? 'Reading the file' : 'Importing'}
            value={step.kind === 'reading' ? step.fraction / 2 : null}
          />
          <p className="muted">
            {step.kind === 'reading'
              ? 'Step 1 of 2: reading.'
              : 'Step 2 of 2: checking every line and registering, all in one go.'}
          </p>
        </div>
      )}

      {step.kind === 'done' && (
        <div className="stack">
          <ProgressBar label="Import finished" value={1} />
          <div
            className={step.result.rejected.length ? 'notice attention' : 'notice info'}
            role="status"
          >
            <Icon name={step.result.rejected.length ? 'alert' : 'check'} />
            <p>
              <strong>
                {plural(step.result.registered, 'attendee')} registered
                {step.result.waitlisted > 0 && `, ${count(step.result.waitlisted)} waitlisted`}.
              </strong>{' '}
              {step.result.rejected.length === 0
                ? 'Every line was imported.'
                : `${plural(step.result.rejected.length, 'line')} could not be imported:`}
            </p>
          </div>
          {step.result.rejected.length > 0 && <Rejections rejected={step.result.rejected} />}
          <div className="form-actions">
            <Button onClick={() => setStep({ kind: 'choose', error: null })}>
              Import another file
            </Button>
            <Button variant="primary" autoFocus onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
