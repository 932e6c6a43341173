/** Latency summary in milliseconds. */
export function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

export const ms = (n: number) => `${n.toFixed(n < 10 ? 3 : 1)} ms`;

export function report(title: string, rows: Record<string, string | number>) {
  console.log(`\n## ${title}`);
  for (const [key, value] of Object.entries(rows)) console.log(`  ${key.padEnd(34)} ${value}`);
}

/** Runs `task(i)` for i in [0, total) with `concurrency` workers; returns per-call latencies. */
export async function runConcurrently(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies };
}

/**
 * Seconds, peak RSS growth and peak heap growth (MB) of `task`, sampled every 5 ms from a
 * baseline taken after a full collection (when node runs with --expose-gc), so garbage left by
 * setting up is not counted. The heap figure includes garbage not yet collected: it shows
 * what a task leaves for the next full collection even where RSS has room from earlier work.
 */
export async function measure<T>(task: () => Promise<T>) {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  const peak = { rss: base.rss, heap: base.heapUsed };
  const sample = () => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heap = Math.max(peak.heap, now.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const started = performance.now();
  try {
    const value = await task();
    sample();
    return {
      value,
      seconds: (performance.now() - started) / 1000,
      mb: (peak.rss - base.rss) / 2 ** 20,
      heapMb: (peak.heap - base.heapUsed) / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}
