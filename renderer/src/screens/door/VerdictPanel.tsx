import { memo, useEffect, useLayoutEffect, useState } from 'react';
import type { ScannerEvent, ScannerStatus } from '@shared/contract/scanner';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { timeIn } from '../../format/dates';
import { useVerdict, type LastCheckIn } from '../../stores/door-verdict';
import { verdictLook } from './verdict-look';
import { afterPaint, markScan } from '../../app/perf';
import { shownAnswerLine } from '../questions/door-answer-line';

// Long enough to read from a step away; a refusal stays longer, since staff must act on it.
const SHOW_GOOD_MS = 4_000;
const SHOW_OTHER_MS = 8_000;

interface VerdictPanelProps {
  timeZone: ScannerEvent['timeZone'];
  /** This desktop's id: its own earlier check-ins read "on this device". */
  deviceId: string;
  onStatus(status: ScannerStatus): void;
}

/**
 * The answer to the last scan, huge and in words, then "ready" again. Memoised on plain props:
 * the station's status pushes (counts after every scan) leave it alone, so a verdict's frame draws
 * only what the verdict changed.
 */
export const VerdictPanel = memo(function VerdictPanel({
  timeZone,
  deviceId,
  onStatus,
}: VerdictPanelProps) {
  const shown = useVerdict((state) => state.shown);
  const serial = useVerdict((state) => state.serial);
  const clear = useVerdict((state) => state.clear);
  const look = shown ? verdictLook(shown, { deviceId, timeZone }) : null;
  const tone = look?.tone;

  useLayoutEffect(() => {
    if (serial === 0) return;
    markScan('commit');
    afterPaint(() => markScan('painted'));
  }, [serial]);

  useEffect(() => {
    if (!tone) return;
    const timer = window.setTimeout(clear, tone === 'good' ? SHOW_GOOD_MS : SHOW_OTHER_MS);
    return () => window.clearTimeout(timer);
  }, [serial, tone, clear]);

  return (
    <section className={`verdict ${look?.tone ?? 'ready'}`} aria-label="Verdict">
      <div className="verdict-main" aria-live="assertive" aria-atomic="true">
        <Icon name={look?.icon ?? 'qr'} size={88} />
        <div className="verdict-text">
          <p className="verdict-title">{look?.title ?? 'Ready for the next ticket'}</p>
          {look?.name && <p className="verdict-name">{look.name}</p>}
          {shownAnswerLine(shown) && <p className="verdict-answers">{shownAnswerLine(shown)}</p>}
          {look?.detail && <p className="verdict-detail">{look.detail}</p>}
        </div>
      </div>
      <UndoLast timeZone={timeZone} onStatus={onStatus} />
    </section>
  );
});

/** Takes back the last check-in for two minutes after it, from the panel or with Mod+Z. */
function UndoLast(props: { timeZone: string; onStatus(status: ScannerStatus): void }) {
  const { timeZone, onStatus } = props;
  const last = useVerdict((state) => state.last);
  const undo = useVerdict((state) => state.undo);
  const expireUndo = useVerdict((state) => state.expireUndo);
  const left = useSecondsLeft(last);
  useEffect(() => {
    if (last && left === 0) expireUndo();
  }, [last, left, expireUndo]);
  if (!last || left === 0) return null;
  return (
    <div className="verdict-undo">
      <p>
        {last.exit ? 'Last out' : 'Last in'}: <strong>{last.name}</strong> at{' '}
        {timeIn(last.at, timeZone)}
      </p>
      <Button icon="history" onClick={() => void undo().then((next) => next && onStatus(next))}>
        Undo ({formatLeft(left)})
      </Button>
    </div>
  );
}

function useSecondsLeft(last: LastCheckIn | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!last) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(timer);
  }, [last]);
  if (!last) return 0;
  // Until the first tick, `now` may predate this check-in: count from the check-in instead.
  const from = Math.max(now, Date.parse(last.at));
  return Math.max(0, Math.ceil((Date.parse(last.undoUntil) - from) / 1_000));
}

const formatLeft = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
