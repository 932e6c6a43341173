import { useEffect, useRef } from 'react';
import { watchChanges, type ChangeFilter } from './live';

/** The newest value, for listeners that live longer than one render. */
export function useLatest<T>(value: T) {
  const latest = useRef(value);
  useEffect(() => {
    latest.current = value;
  });
  return latest;
}

/**
 * Calls `onChange` when a committed change passes `filter`; null follows nothing. Subscribed once
 * while a filter is given (not once per render), so a burst is paced across re-renders too.
 */
export function useChanges(filter: ChangeFilter | null, onChange: () => void): void {
  const latest = useLatest({ filter, onChange });
  const active = filter !== null;
  useEffect(() => {
    if (!active) return;
    return watchChanges(
      (scope, topic) => latest.current.filter?.(scope, topic) ?? false,
      () => latest.current.onChange(),
    );
  }, [active, latest]);
}

/**
 * Calls `onReturn` when the window comes back to the front (focused again, or shown again after
 * being hidden or minimised): for data no change topic announces, such as staff accounts.
 */
export function useOnReturn(active: boolean, onReturn: () => void): void {
  const latest = useLatest(onReturn);
  useEffect(() => {
    if (!active) return;
    const onFocus = () => latest.current();
    const onVisible = () => {
      if (document.visibilityState === 'visible') latest.current();
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [active, latest]);
}
