import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { ScannerEvent, ScannerHit } from '@shared/contract/scanner';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { SearchField } from '../../components/SearchField';
import { statusText } from '../../components/StatusBadge';
import { useVerdict } from '../../stores/door-verdict';
import { checkedInWhere } from './verdict-look';
import { doorLine } from '@shared/questions';

// The local copy answers in about a millisecond; this only spares it a query per keystroke.
const SEARCH_DELAY_MS = 80;

interface SearchPanelProps {
  event: ScannerEvent;
  deviceId: string;
  searchRef: RefObject<HTMLInputElement | null>;
  /** Back to the scan field (Escape in an empty search, or after admitting someone). */
  onLeave(): void;
  /** Opens the walk-in form in this panel's place; absent for stewards, who register nobody. */
  onWalkIn?: () => void;
}

/** For people without their ticket: find them by name or email and let them in. */
export function SearchPanel({ event, deviceId, searchRef, onLeave, onWalkIn }: SearchPanelProps) {
  const [text, setText] = useState('');
  const hits = useSearch(text);
  const admit = useVerdict((state) => state.admit);
  const listRef = useRef<HTMLUListElement>(null);
  const buttons = () => [...(listRef.current?.querySelectorAll('button') ?? [])];

  const letIn = (hit: ScannerHit) => {
    setText('');
    void admit(hit.id);
  };

  const onFieldKey = (key: KeyboardEvent) => {
    if (key.key === 'Enter' && hits.length === 1) {
      key.preventDefault();
      letIn(hits[0]!);
    } else if ((key.key === 'ArrowDown' || key.key === 'Enter') && hits.length > 0) {
      key.preventDefault();
      buttons()[0]?.focus();
    } else if (key.key === 'Escape' && text === '') {
      key.preventDefault();
      onLeave();
    }
  };

  const onListKey = (key: KeyboardEvent) => {
    const all = buttons();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (key.key === 'ArrowDown' || key.key === 'ArrowUp') {
      key.preventDefault();
      const next = at + (key.key === 'ArrowDown' ? 1 : -1);
      if (next < 0) searchRef.current?.focus();
      else all[Math.min(next, all.length - 1)]?.focus();
    } else if (key.key === 'Escape') {
      key.preventDefault();
      searchRef.current?.focus();
    }
  };

  return (
    <section className="station-tool" aria-labelledby="door-search-title">
      <div className="tool-header">
        <h2 id="door-search-title">No ticket? Find them by name or email</h2>
        {onWalkIn && (
          <Button icon="plus" onClick={onWalkIn}>
            Register a walk-in
          </Button>
        )}
      </div>
      <div onKeyDown={onFieldKey}>
        <SearchField
          ref={searchRef}
          label="Find an attendee by name or email"
          value={text}
          onChange={setText}
          placeholder="Name or email"
        />
      </div>
      {text.trim() !== '' && hits.length === 0 && <p className="muted">Nobody found.</p>}
      {hits.length > 0 && (
        <ul
          className="door-list search-hits"
          ref={listRef}
          onKeyDown={onListKey}
          aria-label="People found"
        >
          {hits.map((hit) => (
            <li key={hit.id}>
              <div className="hit-text">
                <p className="hit-name">{hit.name}</p>
                {doorLine(hit) && <p className="hit-answers">{doorLine(hit)}</p>}
                <p className="muted">
                  {hit.email} · {statusText(hit.status)}
                  {hit.checkIn &&
                    ` · Checked in ${lowerFirst(checkedInWhere(hit.checkIn, { deviceId, timeZone: event.timeZone }))}`}
                </p>
              </div>
              <Button
                variant={hit.checkIn ? 'secondary' : 'primary'}
                icon="check"
                aria-label={`Check in ${hit.name}`}
                onClick={() => letIn(hit)}
              >
                Check in
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The newest answer for `text`, asked once typing pauses; the last hits stay until it comes. */
function useSearch(text: string): ScannerHit[] {
  const trimmed = text.trim();
  const [asked, setAsked] = useState(trimmed);
  useEffect(() => {
    const timer = window.setTimeout(() => setAsked(trimmed), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [trimmed]);
  // An emptied field forgets its hits: the next search never shows the last person's.
  const search = useChannel(
    'scanner.search',
    { text: asked },
    { enabled: asked !== '', keepPrevious: true },
  );
  return trimmed && !search.error ? (search.data ?? []) : [];
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
