import { parentPort } from 'node:worker_threads';
import { ticketFont } from '../tickets/font';
import { composeMessage, type ComposeJob } from './compose';

// One render thread of the pool (render-pool.ts): builds whole messages, QR, PDF and all, while
// the main thread talks to PostgreSQL and the SMTP server.

export interface ComposeRequest {
  seq: number;
  job: ComposeJob;
}
export type ComposeReply =
  { seq: number; raw: Uint8Array } | { seq: number; error: string } | { ready: true };

const port = parentPort;
if (!port) throw new Error('render-thread runs only as a worker thread');

port.on('message', ({ seq, job }: ComposeRequest) => {
  composeMessage(job).then(
    (raw) => {
      // A message has an ArrayBuffer of its own (nothing else shares it): hand it over, no copy.
      const own = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength;
      const bytes = own ? raw : Buffer.from(raw);
      port.postMessage({ seq, raw: bytes } satisfies ComposeReply, [bytes.buffer as ArrayBuffer]);
    },
    (error: unknown) => {
      port.postMessage({
        seq,
        error: (error as Error).message ?? String(error),
      } satisfies ComposeReply);
    },
  );
});

// Loaded and the font parsed: the pool sends work only now, and renders on its own thread until then.
ticketFont();
port.postMessage({ ready: true } satisfies ComposeReply);
