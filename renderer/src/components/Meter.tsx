import { count } from '../format/numbers';

interface ProgressProps {
  label: string;
  /** 0..1, or null while the amount of work is unknown. */
  value: number | null;
  /** What a screen reader says instead of the bare percentage, e.g. "1,200 of 5,000 rows". */
  valueText?: string;
}

/** A progress bar; without a value it sweeps, saying only "working". */
export function ProgressBar({ label, value, valueText }: ProgressProps) {
  return (
    <div
      className={value === null ? 'progress indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value === null ? undefined : Math.round(value * 100)}
      aria-valuetext={value === null ? undefined : valueText}
    >
      <span style={value === null ? undefined : { width: `${Math.min(1, value) * 100}%` }} />
    </div>
  );
}

interface CapacityProps {
  registered: number;
  capacity: number | null;
  compact?: boolean;
}

/** Seats taken out of the capacity; turns amber near full and red when full. None if unlimited. */
export function CapacityBar({ registered, capacity, compact }: CapacityProps) {
  if (capacity === null) return null;
  const ratio = capacity > 0 ? registered / capacity : 1;
  const tone = ratio >= 1 ? 'full' : ratio >= 0.85 ? 'near' : 'ok';
  return (
    <div
      className={`capacity ${tone}${compact ? ' compact' : ''}`}
      role="meter"
      aria-label={`${count(registered)} of ${count(capacity)} seats taken`}
      aria-valuemin={0}
      aria-valuemax={capacity}
      aria-valuenow={Math.min(registered, capacity)}
    >
      <span style={{ width: `${Math.min(1, ratio) * 100}%` }} />
    </div>
  );
}
