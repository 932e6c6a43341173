import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';

/** What a control needs to be announced with its label, hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

interface FieldShellProps {
  label: string;
  error?: string;
  hint?: ReactNode;
  children(control: ControlProps): ReactNode;
}

/** The aria attributes that tie a control to the hint and error shown by FieldMessages. */
export function describedBy(id: string, hint?: ReactNode, error?: string) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return {
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': described || undefined,
  };
}

/** A field's hint and error, under its control, with the ids describedBy points at. */
export function FieldMessages({
  id,
  hint,
  error,
}: {
  id: string;
  hint?: ReactNode;
  error?: string;
}) {
  return (
    <>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

/** Label above, control, then hint and error: every field in the app is laid out by this. */
export function FieldShell({ label, error, hint, children }: FieldShellProps) {
  const id = useId();
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...describedBy(id, hint, error) })}
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}

interface Labelled {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  hint?: ReactNode;
}

type TextFieldProps = Labelled &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'>;

/** A labelled input whose error and hint are announced with it. */
export function TextField({ label, value, onChange, error, hint, ...input }: TextFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint}>
      {(control) => (
        <input
          value={value}
          onChange={(event) => onChange(event.target.value)}
          {...control}
          {...input}
        />
      )}
    </FieldShell>
  );
}

type TextAreaProps = Labelled &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value' | 'id'>;

export function TextArea({ label, value, onChange, error, hint, ...area }: TextAreaProps) {
  return (
    <FieldShell label={label} error={error} hint={hint}>
      {(control) => (
        <textarea
          value={value}
          onChange={(event) => onChange(event.target.value)}
          {...control}
          {...area}
        />
      )}
    </FieldShell>
  );
}

type SelectFieldProps = Labelled &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value' | 'id'> & {
    options: readonly { value: string; label: string }[];
  };

export function SelectField(props: SelectFieldProps) {
  const { label, value, onChange, error, hint, options, ...select } = props;
  return (
    <FieldShell label={label} error={error} hint={hint}>
      {(control) => (
        <select
          value={value}
          onChange={(event) => onChange(event.target.value)}
          {...control}
          {...select}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

interface CheckboxProps {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  hint?: string;
}

export function Checkbox({ label, checked, onChange, hint }: CheckboxProps) {
  const id = useId();
  return (
    <div className="checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
