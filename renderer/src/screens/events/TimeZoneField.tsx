import { useMemo } from 'react';
import { SelectField } from '../../components/Field';
import { allZones } from '../../format/zoned-time';

interface TimeZoneFieldProps {
  value: string;
  onChange(zone: string): void;
  error?: string;
  hint?: string;
}

// "Europe/Berlin" → "Europe / Berlin": easier to scan in a long list; the value stays the id.
const readable = (zone: string) => zone.replaceAll('/', ' / ').replaceAll('_', ' ');

/** Every zone the platform knows; typing a few letters in the open list jumps to it. */
export function TimeZoneField({ value, onChange, error, hint }: TimeZoneFieldProps) {
  const options = useMemo(() => {
    const zones = allZones().includes(value) ? allZones() : [value, ...allZones()];
    return zones.map((zone) => ({ value: zone, label: readable(zone) }));
  }, [value]);
  return (
    <SelectField
      label="Time zone"
      value={value}
      onChange={onChange}
      options={options}
      error={error}
      hint={hint}
    />
  );
}
