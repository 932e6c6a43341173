import { memo } from 'react';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { timeIn } from '../../format/dates';
import { plural } from '../../format/numbers';
import { useVerdict, type RecentVerdict } from '../../stores/door-verdict';
import { verdictLook, type Where } from './verdict-look';
import { keepScanFocus } from './keep-scan-focus';

interface RecentVerdictsProps extends Where {
  /** Back to the scan field once staff have acknowledged: the next code must land there. */
  onDone(): void;
}

/**
 * The answers of the last scans under the big verdict, so a burst (a scanner flushing its stored
 * codes) is seen as a burst: every answer is listed, and one that is not a green "welcome" stays
 * marked until someone acknowledges it.
 */
export const RecentVerdicts = memo(function RecentVerdicts({
  deviceId,
  timeZone,
  onDone,
}: RecentVerdictsProps) {
  const recent = useVerdict((state) => state.recent);
  const acknowledge = useVerdict((state) => state.acknowledge);
  const acknowledgeAll = useVerdict((state) => state.acknowledgeAll);
  const open = recent.filter((entry) => !entry.acknowledged).length;

  return (
    <section className="recent-verdicts" aria-labelledby="door-recent-title">
      <div className="tool-header">
        <h2 id="door-recent-title">Recent scans</h2>
        {open > 0 && (
          <p className="recent-open" data-testid="door-needs-look">
            <Icon name="alert" />
            {plural(open, 'scan')} to look at
          </p>
        )}
        {open > 1 && (
          <Button
            onMouseDown={keepScanFocus}
            onClick={() => {
              acknowledgeAll();
              onDone();
            }}
          >
            Seen all
          </Button>
        )}
      </div>
      {recent.length === 0 ? (
        <p className="muted">Each scan is listed here, newest first.</p>
      ) : (
        // Focusable so a keyboard can scroll it when the window is short; a click leaves the
        // focus in the scan field.
        <ol
          className="recent-list"
          aria-label="Recent scans, newest first"
          tabIndex={0}
          onMouseDown={keepScanFocus}
        >
          {recent.map((entry) => (
            <RecentEntry
              key={entry.seq}
              entry={entry}
              where={{ deviceId, timeZone }}
              onSeen={() => {
                acknowledge(entry.seq);
                onDone();
              }}
            />
          ))}
        </ol>
      )}
    </section>
  );
});

function RecentEntry(props: { entry: RecentVerdict; where: Where; onSeen(): void }) {
  const { entry, where, onSeen } = props;
  const look = verdictLook(entry.shown, where);
  const who = look.name ?? look.detail;
  return (
    <li
      className={`recent-entry ${look.tone}${entry.acknowledged ? '' : ' needs-look'}`}
      data-seq={entry.seq}
    >
      <Icon name={look.icon} size={20} />
      <span className="recent-title">{look.title}</span>
      {who && <span className="recent-who">{who}</span>}
      <time className="recent-time muted" dateTime={entry.at}>
        {timeIn(entry.at, where.timeZone)}
      </time>
      {!entry.acknowledged && (
        <Button
          className="recent-seen"
          onMouseDown={keepScanFocus}
          onClick={onSeen}
          aria-label={`Seen: ${[look.title, who].filter(Boolean).join(', ')}`}
        >
          Seen
        </Button>
      )}
    </li>
  );
}
