import { useId, useState, type DragEvent } from 'react';
import type { ErrorBody } from '@shared/contract';
import type { ImportResult } from '@shared/contract/registrations';
import type { EventDto } from '@shared/domain';
import type { ImportTarget } from '@shared/contract/import-mapping';
import { call, subscribe } from '../../api/client';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/Meter';
import { FormError } from '../../forms/FormError';
import { count, plural } from '../../format/numbers';
import { readText } from './read-file';
import { Checkbox, SelectField } from '../../components/Field';
import {
  columnMapOf,
  guessTarget,
  previewOf,
  targetOptions,
  type ImportPreview,
  type ImportQuestion,
} from './import-preview';

interface Preview {
  kind: 'preview';
  name: string;
  csv: string;
  preview: ImportPreview;
  hasHeader: boolean;
  /**
   * The targets the user picked, by column; the others follow `guessTarget`, so a guess made
   * before the event's questions arrived is made again once they have.
   */
  picked: Partial<Record<number, ImportTarget | ''>>;
  error: ErrorBody | null;
}

const targetsOf = (step: Preview, questions: ImportQuestion[]) =>
  step.preview.first.map((header, i) => step.picked[i] ?? guessTarget(header, questions));

type Step =
  | { kind: 'choose'; error: ErrorBody | null }
  | { kind: 'reading'; name: string; fraction: number }
  | Preview
  | { kind: 'uploading'; name: string; lines: number; fraction: number | null; note: string }
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
  // The questions a column can answer: the ones the event asks now (the core refuses others).
  const questions = useChannel('questions.list', { eventId: event.id }).data ?? [];

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
    const preview = previewOf(csv);
    setStep({
      kind: 'preview',
      name: file.name,
      csv,
      preview,
      hasHeader: preview.looksLikeHeader,
      picked: {},
      error: null,
    });
  }

  async function startImport(chosen: Preview) {
    const lines = lineCount(chosen.csv);
    const importId = crypto.randomUUID();
    const uploading = { kind: 'uploading' as const, name: chosen.name, lines };
    setStep({ ...uploading, fraction: null, note: 'Sending the file…' });
    // Reading is the first half of the bar, saving the second.
    const stop = subscribe('registrations.importProgress', (note) => {
      if (note.importId !== importId) return;
      const fraction =
        note.phase === 'reading'
          ? Math.min(1, note.lines / Math.max(1, lines)) / 2
          : 0.5 + note.saved / Math.max(1, note.toSave ?? 1) / 2;
      const text =
        note.phase === 'reading'
          ? `Checked ${count(note.lines)} of ${count(lines)} lines`
          : `Registered ${count(note.saved)} of ${count(note.toSave ?? 0)}`;
      setStep({ ...uploading, fraction, note: text });
    });
    const map = chosen.hasHeader
      ? columnMapOf(chosen.preview.first, targetsOf(chosen, questions))
      : undefined;
    const result = await call('registrations.import', {
      eventId: event.id,
      csv: chosen.csv,
      importId,
      ...(map && { map }),
    }).finally(stop);
    if (!result.ok) {
      setStep({ ...chosen, error: result.error });
      return;
    }
    setStep({ kind: 'done', name: chosen.name, result: result.value });
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

      {step.kind === 'preview' && (
        <ColumnPicker
          step={step}
          questions={questions}
          onChange={setStep}
          onImport={() => void startImport(step)}
          onBack={() => setStep({ kind: 'choose', error: null })}
        />
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
            value={step.fraction}
          />
          <p className="muted">
            {step.kind === 'reading'
              ? 'Reading the file.'
              : `${step.note} (checking every line and registering, all in one go).`}
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

/** The file's first lines, with a target picker per column (the mapping the core is sent). */
function ColumnPicker(props: {
  step: Preview;
  questions: ImportQuestion[];
  onChange(step: Preview): void;
  onImport(): void;
  onBack(): void;
}) {
  const { step, questions, onChange, onImport, onBack } = props;
  const options = targetOptions(questions);
  const targets = targetsOf(step, questions);
  const { first, rows } = step.preview;
  const width = Math.max(first.length, ...rows.map((row) => row.length));
  const columns = Array.from({ length: width }, (_, i) => i);
  const shown = step.hasHeader ? rows : [first, ...rows];
  return (
    <div className="stack">
      <FormError error={step.error} />
      <p>
        <strong>{step.name}</strong> — the first lines, as they will be read.
      </p>
      <Checkbox
        label="The first line names the columns"
        checked={step.hasHeader}
        onChange={(hasHeader) => onChange({ ...step, hasHeader, error: null })}
        hint={step.hasHeader ? undefined : 'Without one, each line is name,email.'}
      />
      <div className="rejections" tabIndex={0} role="region" aria-label="First lines of the file">
        <table className="table compact">
          <thead>
            <tr>
              {columns.map((i) => (
                <th scope="col" key={i}>
                  {step.hasHeader ? (
                    <SelectField
                      label={`Column “${first[i] ?? i + 1}” is`}
                      value={targets[i] ?? ''}
                      options={options}
                      onChange={(value) => {
                        const picked = { ...step.picked, [i]: value as ImportTarget | '' };
                        onChange({ ...step, picked, error: null });
                      }}
                    />
                  ) : (
                    (['Name', 'Email'][i] ?? 'Extra column')
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, r) => (
              <tr key={r}>
                {columns.map((i) => (
                  <td key={i}>{row[i] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form-actions">
        <Button onClick={onBack}>Choose another file</Button>
        <Button variant="primary" onClick={onImport}>
          Import
        </Button>
      </div>
    </div>
  );
}
