import { useId, type Ref } from 'react';
import { Icon } from './Icon';

interface SearchFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  /** The shortcut that focuses it, shown as a hint inside the field. */
  hint?: string;
  /** Shows the label above the box, like the fields beside it in a row of filters. */
  visibleLabel?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/**
 * A search box. Alone in a toolbar its label is read out but not shown (the placeholder says what
 * it searches); among labelled filters it shows its label too.
 */
export function SearchField(props: SearchFieldProps) {
  const { label, value, onChange, placeholder, hint, visibleLabel = false, ref } = props;
  const id = useId();
  const box = (
    <div className="search-field">
      {!visibleLabel && (
        <label htmlFor={id} className="visually-hidden">
          {label}
        </label>
      )}
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
  if (!visibleLabel) return box;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {box}
    </div>
  );
}
