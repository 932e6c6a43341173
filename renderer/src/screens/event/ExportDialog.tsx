import { useEffect, useId, useRef } from 'react';
import { channels, type ErrorBody } from '@shared/contract';
import {
  exportColumnLabels,
  exportColumns,
  type ExportColumn,
  type ExportFilter,
  type ExportFormat,
} from '@shared/contract/exports';
import type { EventDto } from '@shared/domain';
import { Button } from '../../components/Button';
import { ChoiceCards } from '../../components/ChoiceCards';
import { Dialog } from '../../components/Dialog';
import { Checkbox, describedBy, FieldMessages, SelectField } from '../../components/Field';
import { ProgressBar } from '../../components/Meter';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { count, plural } from '../../format/numbers';
import { toastSuccess, useToasts } from '../../stores/toasts';
import { useExportRun, type ExportProgress } from './use-export-run';

// The channel's own rules, less what the run and main's save dialog add.
const optionsSchema = channels['exports.attendees'].input.omit({ exportId: true, path: true });
const formFields = new Set(Object.keys(optionsSchema.shape));

const formatChoices = [
  { value: 'csv', title: 'CSV', text: 'Plain text, one attendee a line. Opens anywhere.' },
  { value: 'xlsx', title: 'Excel', text: 'An .xlsx workbook, ready to sort and filter.' },
] as const;

const filterOptions: { value: ExportFilter; label: string }[] = [
  { value: 'all', label: 'Everyone' },
  { value: 'registered', label: 'Registered' },
  { value: 'waitlisted', label: 'Waitlisted' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'checkedIn', label: 'Checked in' },
  { value: 'noShow', label: 'No-shows (registered, never checked in)' },
];

interface Values {
  format: ExportFormat;
  columns: ExportColumn[];
  filter: ExportFilter;
  bom: boolean;
}

/** Main's save dialog chose the path, so a message about it is the whole story, not a field's. */
function asFormError(error: ErrorBody): ErrorBody {
  const names = Object.keys(error.fields ?? {});
  return names.length > 0 && !names.some((name) => formFields.has(name))
    ? { code: error.code, message: error.message }
    : error;
}

function ColumnChoices(props: {
  chosen: ExportColumn[];
  onChange(columns: ExportColumn[]): void;
  error?: string;
}) {
  const { chosen, onChange, error } = props;
  const id = useId();
  const toggle = (column: ExportColumn, on: boolean) =>
    // Always in the app's order, whatever order they were ticked in.
    onChange(exportColumns.filter((c) => (c === column ? on : chosen.includes(c))));
  return (
    <fieldset className={error ? 'field has-error' : 'field'}>
      <legend>Columns</legend>
      <div className="checkbox-grid">
        {exportColumns.map((column) => (
          <label key={column} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(column)}
              onChange={(change) => toggle(column, change.target.checked)}
              {...describedBy(id, undefined, error)}
            />
            {exportColumnLabels[column]}
          </label>
        ))}
      </div>
      <FieldMessages id={id} error={error} />
    </fieldset>
  );
}

function ExportRunning({ progress, onCancel }: { progress: ExportProgress; onCancel(): void }) {
  const { rowsDone, totalRows, cancelling } = progress;
  const rows = totalRows === null ? null : `${count(rowsDone)} of ${plural(totalRows, 'row')}`;
  const fraction = totalRows === null ? null : totalRows === 0 ? 1 : rowsDone / totalRows;
  return (
    <div className="stack">
      <p role="status">
        {cancelling
          ? 'Cancelling the export…'
          : totalRows === null
            ? 'Choose where to save the file…'
            : `Exporting ${plural(totalRows, 'attendee')}…`}
      </p>
      <ProgressBar label="Export progress" value={fraction} valueText={rows ?? undefined} />
      <p className="muted numeric">{rows ?? 'Waiting for the file name.'}</p>
      <div className="form-actions">
        {/* Stays enabled while cancelling so focus is not lost; pressing it twice is harmless. */}
        <Button autoFocus onClick={onCancel}>
          {cancelling ? 'Cancelling…' : 'Cancel export'}
        </Button>
      </div>
    </div>
  );
}

/**
 * Saves an event's attendees as CSV or Excel. The app asks where (main's save dialog), then
 * reports progress; Cancel, Escape or closing stop the export and leave no file behind. The
 * dialog closes when the export ends, either way, and a toast says how; only an error keeps it.
 */
export function ExportDialog({ event, onClose }: { event: EventDto; onClose(): void }) {
  const run = useExportRun();
  // Escape mid-export closes at once; an export that ends anyway must not close what opened since.
  const shown = useRef(false);
  useEffect(() => {
    shown.current = true;
    return () => {
      shown.current = false;
    };
  }, []);
  const form = useForm({
    schema: optionsSchema,
    initial: (): Values => ({
      format: 'csv',
      columns: [...exportColumns],
      filter: 'all',
      bom: false,
    }),
    toInput: (values) => ({
      eventId: event.id,
      ...values,
      bom: values.format === 'csv' && values.bom,
    }),
    submit: async (options) => {
      const result = await run.start(options);
      // A failure stays in the dialog, next to the choices that may fix it.
      if (!result.ok) return asFormError(result.error);
      const outcome = result.value;
      if (outcome.status === 'done') {
        const { rows, path } = outcome;
        toastSuccess('Export saved', `Exported ${plural(rows, 'attendee')} to ${path}`);
      } else {
        useToasts.getState().show({
          kind: 'info',
          title: 'Export cancelled',
          message: 'No file was saved.',
        });
      }
      // Behind a modal dialog the toasts are inert and unheard: they count once it is gone.
      if (shown.current) onClose();
      return null;
    },
  });
  const { values, set } = form;

  return (
    <Dialog
      title="Export attendees"
      description={`From ${event.title}; you choose where to save it next.`}
      onClose={onClose}
    >
      {run.progress ? (
        <ExportRunning progress={run.progress} onCancel={run.cancel} />
      ) : (
        <form className="form" noValidate onSubmit={form.handleSubmit}>
          <FormError error={form.error} />
          <ChoiceCards
            legend="Format"
            name="export-format"
            className="pair"
            choices={formatChoices}
            value={values.format}
            onChange={(format) => set('format', format)}
            autoFocus
          />
          {values.format === 'csv' && (
            <Checkbox
              label="Add a byte order mark for Excel"
              hint="Without it, Excel can garble accents and non-Latin names."
              checked={values.bom}
              onChange={(bom) => set('bom', bom)}
            />
          )}
          <ColumnChoices
            chosen={values.columns}
            onChange={(columns) => set('columns', columns)}
            error={form.fields.columns}
          />
          <SelectField
            label="Attendees"
            value={values.filter}
            options={filterOptions}
            onChange={(filter) => set('filter', filter as ExportFilter)}
            error={form.fields.filter}
          />
          <div className="form-actions">
            <Button onClick={onClose}>Cancel</Button>
            {/* Focus comes back here after a failed run (the first open focuses the format:
                autoFocus fires before the dialog is shown). */}
            <Button type="submit" variant="primary" icon="download" autoFocus>
              Export…
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
