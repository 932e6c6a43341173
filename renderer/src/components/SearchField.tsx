import { useId, type Ref } from 'react';
import { Icon } from './Icon';

interface SearchFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  /** The shortcut that focuses it, shown as a hint inside the field. */
  hint?: string;
  ref?: Ref<HTMLInputElement>;
}

/** A search box whose label is read out but not shown; the placeholder says what it searches. */
export function SearchField({ label, value, onChange, placeholder, hint, ref }: SearchFieldProps) {
  const id = useId();
  return (
    <div className="search-field">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <Icon name="search" />
      <input
        ref={ref}
        id={id}
        type="search"
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value) {
            event.preventDefault();
            onChange('');
          }
        }}
      />
      {hint && !value && (
        <kbd className="search-hint" aria-hidden="true">
          {hint}
        </kbd>
      )}
    </div>
  );
}
