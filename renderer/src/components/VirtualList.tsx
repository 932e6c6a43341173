import { useLayoutEffect, useRef, useState, type ReactNode, type UIEvent } from 'react';

interface VirtualListProps {
  count: number;
  /** Every row is exactly this tall: what keeps a list of 100,000 cheap to place. */
  rowHeight: number;
  renderRow(index: number): ReactNode;
  /** Told which rows are on screen (plus the overscan), to fetch what they need. */
  onRange?(first: number, last: number): void;
  /** A new value scrolls back to the top (a new search). */
  resetKey?: string;
  overscan?: number;
  className?: string;
  label: string;
}

/**
 * Renders only the rows in view. The scroller is one focusable region, so the keyboard scrolls it
 * and every rendered row's buttons are in the tab order; rows are laid out with a transform on
 * one inner block, so scrolling moves no row but the ones that appear.
 */
export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, renderRow, onRange, resetKey, overscan = 8, className, label } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);

  useLayoutEffect(() => {
    const element = ref.current!;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  // A new resetKey starts at the top: the state now, the scroller once it is committed.
  const [shownKey, setShownKey] = useState(resetKey);
  if (shownKey !== resetKey) {
    setShownKey(resetKey);
    setScrollTop(0);
  }
  useLayoutEffect(() => {
    ref.current!.scrollTop = 0;
  }, [resetKey]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((scrollTop + height) / rowHeight) + overscan);

  useLayoutEffect(() => {
    if (count > 0) onRange?.(first, last);
  }, [first, last, count, onRange]);

  const rows: ReactNode[] = [];
  for (let index = first; index <= last; index++) rows.push(renderRow(index));

  return (
    <div
      ref={ref}
      className={['virtual-list', className].filter(Boolean).join(' ')}
      role="rowgroup"
      aria-label={label}
      tabIndex={0}
      // As tall as its rows, up to the stylesheet's max-height; then it scrolls.
      style={{ height: count * rowHeight }}
      onScroll={(event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div className="virtual-spacer" style={{ height: count * rowHeight }}>
        <div className="virtual-rows" style={{ transform: `translateY(${first * rowHeight}px)` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
