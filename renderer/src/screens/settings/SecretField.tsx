import { useId } from 'react';
import { describedBy, FieldMessages } from '../../components/Field';

interface SecretFieldProps {
  label: string;
  /** A secret is already in the keychain for this field. */
  stored: boolean;
  value: string;
  onChange(value: string): void;
  /** The stored secret will be deleted on save. */
  removing: boolean;
  onRemovingChange(removing: boolean): void;
  error?: string;
}

/**
 * Write-only: a stored password is never sent back to the window, so the field only says one
 * exists. Typing replaces it; "Remove" deletes it on save; leaving it empty keeps it.
 */
export function SecretField(props: SecretFieldProps) {
  const { label, stored, value, onChange, removing, onRemovingChange, error } = props;
  const id = useId();
  const hint = removing
    ? 'Will be removed from the keychain when you save.'
    : stored
      ? 'Stored in the keychain. Leave empty to keep it, or type a new one.'
      : 'Kept in the system keychain, never in a file.';
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <div className="input-with-action">
        <input
          id={id}
          type="password"
          autoComplete="off"
          value={value}
          disabled={removing}
          placeholder={stored && !removing ? '•••••••• stored in the keychain' : ''}
          onChange={(event) => onChange(event.target.value)}
          {...describedBy(id, hint, error)}
        />
        {stored && (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              onChange('');
              onRemovingChange(!removing);
            }}
          >
            {removing ? 'Keep' : 'Remove'}
          </button>
        )}
      </div>
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
