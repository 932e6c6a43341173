import { useLayoutEffect, useRef, useState } from 'react';
import { count, plural } from '../../format/numbers';
import { bucketLabel, bucketName, fillBuckets, type Bucket, type BucketUnit } from './buckets';

interface BarChartProps {
  buckets: Bucket[];
  unit: BucketUnit;
  /** The thing counted, singular: "registration", "check-in". */
  noun: string;
  tone: 'accent' | 'good';
  height?: number;
}

const PAD = { top: 10, right: 22, bottom: 22 };
// Axis labels are ~7 px a character at the chart's font size; the widest is the top tick.
const CHAR_WIDTH = 7;
const axisWidth = (label: string) => Math.max(36, 10 + label.length * CHAR_WIDTH);

/** A round number at or above `max` whose half is a whole number too: 4, 6, 8, 10, 20, 40… */
function niceCeiling(max: number): number {
  if (max <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [2, 4, 6, 8, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current!;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/** Bars over time in plain SVG. Screen readers get the caption: the total and the busiest bar. */
export function BarChart({ buckets, unit, noun, tone, height = 160 }: BarChartProps) {
  const [ref, width] = useWidth();
  const series = fillBuckets(buckets, unit);
  const total = series.reduce((sum, bucket) => sum + bucket.count, 0);
  const peak = series.reduce<Bucket | null>(
    (top, b) => (!top || b.count > top.count ? b : top),
    null,
  );
  const summary =
    total === 0
      ? `No ${noun}s yet`
      : `${plural(total, noun)}; the most, ${count(peak!.count)}, on ${bucketName(peak!.key, unit)}`;

  const max = niceCeiling(peak?.count ?? 0);
  // Wide enough for "100,000": a fixed margin clipped 5-digit ticks.
  const left = axisWidth(count(max));
  const plotWidth = Math.max(0, width - left - PAD.right);
  const plotHeight = height - PAD.top - PAD.bottom;
  const slot = series.length ? plotWidth / series.length : 0;
  const barWidth = Math.max(1, Math.min(36, slot * 0.72));
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  // Room for a label every ~56 px.
  const labelEvery = Math.max(1, Math.ceil(56 / Math.max(slot, 1)));

  return (
    <figure className={`chart ${tone}`} ref={ref}>
      {width > 0 && (
        <svg width={width} height={height} aria-hidden="true">
          {[0, max / 2, max].map((tick) => (
            <g key={tick} className="chart-grid">
              <line x1={left} x2={width - PAD.right} y1={y(tick)} y2={y(tick)} />
              <text x={left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
                {count(tick)}
              </text>
            </g>
          ))}
          {series.map((bucket, i) => {
            const x = left + i * slot + (slot - barWidth) / 2;
            const top = y(bucket.count);
            return (
              <g key={bucket.key}>
                <rect
                  className="chart-bar"
                  x={x}
                  y={top}
                  width={barWidth}
                  height={Math.max(0, PAD.top + plotHeight - top)}
                  rx={Math.min(3, barWidth / 3)}
                >
                  <title>{`${bucketName(bucket.key, unit)}: ${plural(bucket.count, noun)}`}</title>
                </rect>
                {i % labelEvery === 0 && (
                  <text
                    className="chart-label"
                    x={x + barWidth / 2}
                    y={height - 6}
                    textAnchor="middle"
                  >
                    {bucketLabel(bucket.key, unit)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      )}
      <figcaption className="muted">{summary}</figcaption>
    </figure>
  );
}
