import { PassThrough } from 'node:stream';
import type { Badge } from '../../badges/badge';
import type { Logger } from '../../log';

/** Hands a rendered badge (a one-page PDF) to the printer: main's print dialog in the app. */
export type PrintBadge = (badge: { attendeeName: string; pdf: Buffer }) => Promise<void>;

/**
 * Badges printed as people are admitted, off the scan path: admitting only queues one, and it is
 * rendered (pdfkit) and handed to the printer once the station has no call in flight, one at a
 * time, so the next verdict never waits for a PDF. A failed print is logged, never retried: the
 * supervisor prints it again from the event page.
 */
export function createBadgeQueue(print: PrintBadge, log: Logger, idle: () => boolean) {
  const waiting: Badge[] = [];
  let running: Promise<void> | null = null;

  async function drain() {
    while (waiting.length > 0 && idle()) {
      const badge = waiting.shift()!;
      try {
        await print({ attendeeName: badge.attendeeName, pdf: await render(badge) });
      } catch (error) {
        log.warn('badge not printed', { error: (error as Error).message });
      }
    }
    running = null;
  }

  const kick = () => {
    if (running || waiting.length === 0) return;
    // After the verdict's reply has gone out: a macrotask, past the call's promise chain.
    running = new Promise((resolve) => setImmediate(resolve)).then(drain);
  };

  return {
    add(badge: Badge) {
      waiting.push(badge);
      kick();
    },
    /** A station call ended: badges waiting for quiet may go now. */
    kick,
    waiting: () => waiting.length,
    /** Resolves once every queued badge was printed (or failed), for close and tests. */
    async settled() {
      while (running || (waiting.length > 0 && idle())) {
        kick();
        await running;
      }
    },
  };
}

async function render(badge: Badge): Promise<Buffer> {
  // pdfkit and fontkit load with the first badge, not with the station.
  const { writeOneBadge } = await import('../../badges/badge-pdf');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeOneBadge(badge, out);
  return Buffer.concat(chunks);
}
