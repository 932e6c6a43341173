import { useId } from 'react';
import { describedBy, FieldMessages } from '../../components/Field';

interface WallTimeFieldProps {
  legend: string;
  date: string;
  time: string;
  onDate(value: string): void;
  onTime(value: string): void;
  error?: string;
  hint?: string;
}

/** A date and a time on the event's clock, as one labelled group with one error. */
export function WallTimeField(props: WallTimeFieldProps) {
  const { legend, date, time, onDate, onTime, error, hint } = props;
  const id = useId();
  const control = describedBy(id, hint, error);
  return (
    <fieldset className={error ? 'field wall-time has-error' : 'field wall-time'}>
      <legend>{legend}</legend>
      <div className="wall-time-inputs">
        <label className="visually-hidden" htmlFor={`${id}-date`}>
          {legend} date
        </label>
        <input
          id={`${id}-date`}
          type="date"
          value={date}
          onChange={(event) => onDate(event.target.value)}
          {...control}
        />
        <label className="visually-hidden" htmlFor={`${id}-time`}>
          {legend} time
        </label>
        <input
          id={`${id}-time`}
          type="time"
          value={time}
          onChange={(event) => onTime(event.target.value)}
          {...control}
        />
      </div>
      <FieldMessages id={id} hint={hint} error={error} />
    </fieldset>
  );
}
