import { ProgressBar } from '../../components/Meter';
import { count } from '../../format/numbers';
import { useDoor } from '../../stores/door';

/** The attendee list on its way to this device. */
export function PrepareProgress() {
  const progress = useDoor((state) => state.progress);
  const total = progress?.total ?? 0;
  const loaded = progress?.loaded ?? 0;
  return (
    <section className="panel stack door-preparing" aria-labelledby="door-preparing">
      <h2 id="door-preparing">Preparing this device</h2>
      <ProgressBar label="Attendees downloaded" value={total > 0 ? loaded / total : null} />
      <p className="muted" role="status">
        {total > 0
          ? `${count(loaded)} of ${count(total)} attendees downloaded`
          : 'Asking the server for the attendee list…'}
      </p>
    </section>
  );
}
