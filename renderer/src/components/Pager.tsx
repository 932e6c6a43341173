import { count, plural } from '../format/numbers';
import { Icon } from './Icon';

interface PagerProps {
  offset: number;
  limit: number;
  total: number;
  onOffset(offset: number): void;
  /** Singular: "event". */
  noun: string;
}

/** "21–40 of 312 events" with previous and next. */
export function Pager({ offset, limit, total, onOffset, noun }: PagerProps) {
  if (total === 0) return null;
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label={`Pages of ${noun}s`}>
      <p className="muted" aria-live="polite">
        {last > offset + 1 ? `${count(offset + 1)}–${count(last)}` : count(last)} of{' '}
        {plural(total, noun)}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button secondary"
          disabled={offset === 0}
          onClick={() => onOffset(Math.max(0, offset - limit))}
        >
          <Icon name="chevronLeft" />
          <span>Previous</span>
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={last >= total}
          onClick={() => onOffset(offset + limit)}
        >
          <span>Next</span>
          <Icon name="chevronRight" />
        </button>
      </div>
    </nav>
  );
}
